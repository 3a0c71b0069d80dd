using DslCrossReg;
using static DslCrossReg.Layers;

namespace DocSamples.Systems;

#region views
// The left half of a 28×28 digit, as an image.
[Network]
public partial class LeftView
{
    static Layer Architecture =>
        Input(1, 28, 14)
        >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Flatten
        >> Linear(64) >> ReLU                  // knows its input is 16·13·6 = 1248
        >> Linear(32).Tap("embedding")
        >> Linear(10);
}

// The right half, flattened to 392 values.
[Network]
public partial class RightView
{
    static Layer Architecture => Input(392) >> Linear(128) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
}
#endregion

[Network]
public partial class Regressor
{
    static Layer Architecture => Input(20) >> Linear(64) >> ReLU >> Linear(16).Tap("embedding") >> Linear(4);
}
