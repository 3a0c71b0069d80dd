using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Examples.EnsembleDiversity;

/// <summary>One ensemble member: a flattened digit, one hidden layer of 64, ten logits.</summary>
[Network]
public partial class Learner
{
    static Layer Architecture => Input(784) >> Linear(64) >> ReLU >> Linear(10);
}
