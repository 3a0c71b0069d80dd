using static DslCrossReg.Layers;

namespace DslCrossReg.Integration.Tests.Networks;

/// <summary>An MLP with three taps, one of them on the final layer.</summary>
[Network]
public partial class TappedMlp
{
    internal static Layer Architecture =>
        Input(20)
        >> Linear(32).Tap("hidden") >> ReLU
        >> Linear(16).Tap("features") >> ReLU
        >> Linear(4).Tap("logits");
}

/// <summary>Every pointwise activation, and a Linear whose input width is written out and checked.</summary>
[Network]
internal partial class ActivationZoo
{
    internal static readonly Layer Architecture =
        Input(8) >> Linear(8, 16) >> GELU >> Linear(16) >> Tanh >> Linear(16) >> Sigmoid
        >> Linear(16) >> LeakyReLU(0.2) >> Linear(16) >> LeakyReLU() >> Linear(3).Tap("scores");
}

/// <summary>Two dropouts, one tapped: the random masks must be drawn identically while training.</summary>
[Network]
public partial class DropoutMlp
{
    internal static Layer Architecture =>
        Input(10) >> Linear(32) >> ReLU >> Dropout(0.5).Tap("dropped") >> Linear(16) >> Tanh >> Dropout(0.25) >> Linear(2);
}

/// <summary>BatchNorm1d over plain features, whose running statistics are buffers.</summary>
[Network]
public partial class BatchNormMlp
{
    internal static Layer Architecture => Input(12) >> Linear(24) >> BatchNorm1d >> ReLU >> Linear(6) >> BatchNorm1d;
}

/// <summary>The two parameterless normalisers between learned layers.</summary>
[Network]
public partial class NormalisedMlp
{
    internal static Layer Architecture
    {
        get { return Input(10) >> Linear(10) >> RangeNormalize() >> Linear(10).Tap("raw") >> Standardize(1e-5).Tap("z") >> Linear(3); }
    }
}

/// <summary>A normaliser straight after the input, and a sigmoid output.</summary>
[Network]
public partial class StandardisedInput
{
    internal static Layer Architecture => Input(5) >> Standardize() >> Linear(3) >> Sigmoid;
}

/// <summary>The training smoke test's classifier: two features, two classes.</summary>
[Network]
public partial class Classifier
{
    internal static Layer Architecture => Input(2) >> Linear(16) >> ReLU >> Linear(16).Tap("embedding") >> ReLU >> Linear(2);
}
