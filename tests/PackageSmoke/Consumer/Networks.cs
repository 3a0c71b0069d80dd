using DslCrossReg;
using static DslCrossReg.Layers;

namespace Consumer;

[Network]
public partial class Left
{
    static Layer Architecture => Input(8) >> Linear(16) >> ReLU >> Linear(4).Tap("embedding") >> Linear(2);
}

[Network]
public partial class Right
{
    static Layer Architecture => Input(8) >> Linear(32) >> Tanh >> Linear(32, 4).Tap("embedding") >> Linear(2);
}

[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class TwoViews
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Left Left { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Right Right { get; }
}
