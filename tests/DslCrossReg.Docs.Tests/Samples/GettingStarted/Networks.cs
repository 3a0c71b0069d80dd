#region networks
using DslCrossReg;
using static DslCrossReg.Layers;

namespace MyApp;

// A classifier of points in the plane: 2 inputs, a 16-wide embedding, 2 classes.
[Network]
public partial class Classifier
{
    static Layer Architecture =>
        Input(2)
        >> Linear(32) >> ReLU
        >> Linear(16).Tap("embedding") >> ReLU
        >> Linear(2);
}
#endregion
