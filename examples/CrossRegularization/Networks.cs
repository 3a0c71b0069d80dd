using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Examples.CrossRegularization;

/// <summary>Reads the left 14 columns of a digit through a small conv net; a 32-wide "embedding" tap before the 10 logits.</summary>
[Network]
public partial class LeftView
{
    static Layer Architecture =>
        Input(1, 28, 14)
        >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Flatten
        >> Linear(64) >> ReLU
        >> Linear(32).Tap("embedding")
        >> Linear(10);
}

/// <summary>Reads the right 14 columns of a digit, flattened, through an MLP; the same 32-wide "embedding" tap.</summary>
[Network]
public partial class RightView
{
    static Layer Architecture => Input(392) >> Linear(128) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
}

/// <summary>The adversarial row's discriminator: one logit per 32-wide embedding (negative: "from Left", positive: "from Right").</summary>
[Network]
public partial class ViewCritic
{
    static Layer Architecture => Input(32) >> Linear(32) >> ReLU >> Linear(1);
}
