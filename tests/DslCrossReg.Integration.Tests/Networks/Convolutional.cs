using static DslCrossReg.Layers;

namespace DslCrossReg.Integration.Tests.Networks;

/// <summary>The README's conv net (LeftView), tapped at the embedding.</summary>
[Network]
public partial class LeftView
{
    internal static Layer Architecture =>
        Input(1, 28, 14)
        >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Flatten
        >> Linear(64) >> ReLU
        >> Linear(32).Tap("embedding")
        >> Linear(10);
}

/// <summary>Convolution arithmetic with stride and padding, and BatchNorm2d.</summary>
[Network]
public partial class StridedConv
{
    internal static Layer Architecture =>
        Input(3, 32, 32)
        >> Conv2d(8, kernel: 5, stride: 2, padding: 2) >> BatchNorm2d >> ReLU
        >> Conv2d(4, kernel: 3, stride: 2, padding: 1).Tap("features")
        >> Flatten >> Linear(10);
}

/// <summary>Max and average pooling with implicit and explicit strides on an odd-sized image.</summary>
[Network]
public partial class PoolingNet
{
    internal static Layer Architecture =>
        Input(3, 17, 17)
        >> Conv2d(6, kernel: 3, padding: 1) >> GELU
        >> MaxPool2d(3, stride: 2)
        >> AvgPool2d(2)
        >> Conv2d(5, 1)
        >> AvgPool2d(2, stride: 1).Tap("pooled")
        >> MaxPool2d(2, stride: 1)
        >> Flatten >> Linear(5);
}

/// <summary>Conv1d over (channels, length), BatchNorm1d over channels, then LayerNorm over features.</summary>
[Network]
public partial class SignalConv
{
    internal static Layer Architecture =>
        Input(2, 50)
        >> Conv1d(6, kernel: 5, stride: 3) >> BatchNorm1d >> ReLU
        >> Conv1d(4, kernel: 3, padding: 2) >> Tanh
        >> Flatten >> Linear(12) >> LayerNorm.Tap("normalised") >> Linear(3);
}
