using DslCrossReg;
using TorchSharp;
using static TorchSharp.torch;

namespace DocSamples.Systems;

#region two-views
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
[CrossLoss(CrossMethod.Contrastive, 0.05, Tap = "embedding")]          // InfoNCE by default
public partial class TwoViews
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial RightView Right { get; }
}
#endregion

#region independent
[TrainingSystem]
public partial class Independent
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}
#endregion

#region roles
// A trained teacher that never changes, and a student that sees labels for a few samples only (−1 marks the rest).
[CrossLoss(CrossMethod.Distillation, 9, Teacher = "Teacher", Student = "Student", Temperature = 4)]
public partial class TeacherStudent
{
    [Member(Frozen = true)] public partial LeftView Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropyWhereLabeled, Optimizer = OptimizerKind.AdamW, WeightDecay = 0.01)]
    public partial RightView Student { get; }
}
#endregion

#region shared-input
// Both members read one input and regress one target each; their outputs are standardised with statistics pooled
// over both before the Mse task losses.
[SharedInput]
[OutputNorm(NormMethod.SharedStandardize)]
public partial class Normalised
{
    [Member(Task = TaskLoss.Mse)] public partial Regressor First { get; }
    [Member(Task = TaskLoss.Mse, Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, Momentum = 0.9)] public partial Regressor Second { get; }
}
#endregion

#region custom-term
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class CustomViews
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }

    // 1 − cosine similarity of the embeddings; Right's output arrives detached, so only Left is pulled.
    [CrossTerm(Weight = 0.1, Detach = nameof(Right), WarmupSteps = 100)]
    static Tensor Agreement(LeftView.Output left, RightView.Output right)
        => 1 - torch.nn.functional.cosine_similarity(left.Embedding, right.Embedding).mean();
}
// r.Terms["Agreement(Left,Right)"]: the method's value × 0.1 (× the warm-up factor)
#endregion
