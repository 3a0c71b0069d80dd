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

/// <summary>
/// Layers that declare their names, PyTorch style: the names replace the positional ones (a named Residual prefixes
/// its layers') and the unnamed layers keep their positions.
/// </summary>
[Network]
public partial class NamedBlocks
{
    internal static Layer Architecture =>
        Input(6) >> Linear(8).Named("fc1") >> Tanh
        >> Residual(Linear(8).Named("fc") >> ReLU >> LayerNorm.Named("norm")).Named("block").Tap("block")
        >> Linear(3).Named("head");
}
