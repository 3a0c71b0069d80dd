using static DslCrossReg.Layers;

namespace DslCrossReg.Integration.Tests.Networks;

/// <summary>A tapped residual block around a bottleneck.</summary>
[Network]
public partial class ResidualMlp
{
    internal static Layer Architecture => Input(16) >> Residual(Linear(32) >> ReLU >> Linear(16)).Tap("block") >> Linear(4);
}

/// <summary>Residuals inside residuals, with a dropout inside one.</summary>
[Network]
public partial class NestedResidual
{
    internal static Layer Architecture =>
        Input(16)
        >> Residual(Residual(Linear(16) >> Tanh) >> LayerNorm)
        >> Residual(Linear(8) >> GELU >> Dropout(0.3) >> Residual(Residual(Linear(8)) >> ReLU) >> Linear(16)).Tap("deep")
        >> Linear(2);
}

/// <summary>A convolutional residual block that keeps the image size through padding.</summary>
[Network]
public partial class ConvResidual
{
    internal static Layer Architecture =>
        Input(4, 10, 10)
        >> Residual(Conv2d(4, kernel: 3, padding: 1) >> BatchNorm2d >> ReLU)
        >> MaxPool2d(2) >> Flatten >> Linear(6);
}
