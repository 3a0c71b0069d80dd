using static DslCrossReg.Layers;

namespace DslCrossReg.Integration.Tests.Networks;

/// <summary>
/// Tap names that are also names inside the generated forward: the field relu1, a Residual's inner variable, the
/// forward's x. They used to compile into shadowed or clashing locals.
/// </summary>
[Network]
public partial class AwkwardTapNames
{
    internal static Layer Architecture =>
        Input(6)
        >> Linear(6).Tap("inner")
        >> ReLU.Tap("relu1")
        >> Residual(Linear(6) >> Residual(Tanh)).Tap("x")
        >> Linear(3).Tap("linear3");
}

/// <summary>Named arguments out of order, a named constant and a negative slope: the parser reads them by name.</summary>
[Network]
public partial class NamedArguments
{
    private const int Width = 6;

    internal static Layer Architecture =>
        Input(3, 9, 9)
        >> Conv2d(padding: 1, kernel: 3, outChannels: Width, stride: 2)
        >> Flatten
        >> Linear(outFeatures: Width * 2) >> LeakyReLU(slope: -0.5)
        >> Linear(inFeatures: 2 * Width, outFeatures: 3);
}
