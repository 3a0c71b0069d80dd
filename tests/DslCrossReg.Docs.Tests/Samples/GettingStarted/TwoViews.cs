#region system
using DslCrossReg;

namespace MyApp;

// Two classifiers, each reading its own view of a sample, trained together: each on its own labels,
// and their embeddings pulled together by 0.1 × the mean distance between them.
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class TwoViews
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Classifier Left { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Classifier Right { get; }
}
#endregion
