using DslCrossReg;

namespace DslCrossReg.Systems.Tests.Systems;

// Systems declared with [TrainingSystem]: members trained on their own task losses, with no cross term (and no
// weight-0 term standing in for one), and a system with two terms of one method between the same members.

/// <summary>Two members on their own tasks (cross entropy with Adam, Mse with SGD and momentum), no cross term.</summary>
[TrainingSystem]
public partial class TasksOnlyPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.Mse, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)] public partial Encoder B { get; }
}

/// <summary>A single network in a system: one optimizer, its task loss, a checkpoint.</summary>
[TrainingSystem]
public partial class SingleNetwork
{
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.AdamW, LearningRate = 5e-3, WeightDecay = 0.01)] public partial DroppyEncoder Net { get; }
}

/// <summary>Scenario 4's margin loss and InfoNCE on the same pair and tap: two terms of one method, named by form.</summary>
[CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.2)]
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Temperature = 0.5)]
public partial class MarginAndInfoNcePair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 2e-3)] public partial Encoder B { get; }
}

/// <summary>Semi-supervised distillation: the student's labels may be missing (−1), the frozen teacher's soft targets are not.</summary>
[CrossLoss(CrossMethod.Distillation, 0.7, Teacher = "Teacher", Student = "Student", Temperature = 3)]
public partial class SemiSupervisedKl
{
    [Member(Frozen = true)] public partial Encoder Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropyWhereLabeled)] public partial Encoder Student { get; }
}
