using DslCrossReg;

namespace DslCrossReg.Examples.TwoViewMnist;

// 1. Independent training: both views on their own task, trained side by side with no cross term.
[TrainingSystem]
public partial class IndependentViews
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}

// 2. Scenario 1, method 1: pull the two views' embeddings together.
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class EmbeddingViews
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}

// 3. Scenario 4's sound default: symmetric InfoNCE over the batch, so that each left half finds its own right half.
//    InfoNCE is a cross entropy over the batch, on the task losses' scale, so it gets weight 1.
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Temperature = 0.1)]
public partial class ContrastiveViews
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}

// 4a. The teacher and the student trained side by side, each on its own task.
[TrainingSystem]
public partial class TeacherAndStudentAlone
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Teacher Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Student Student { get; }
}

// 4b. The same student distilled from the trained, frozen teacher (Hinton's KL at T = 2, scaled by T², weight 0.5).
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Temperature = 2)]
public partial class DistilledStudent
{
    [Member(Frozen = true)] public partial Teacher Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Student Student { get; }
}

// 5a. Two independent ensemble members, as in 1.
[TrainingSystem]
public partial class IndependentPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member B { get; }
}

// 5b. Scenario 2: B is rewarded for predicting differently from A (A detached), cross entropy clamped at 3 (above ln 10, so the push is active from the first step).
[CrossLoss(CrossMethod.OutputDisagreement, 0.05, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3.0)]
public partial class DiversePair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member B { get; }
}
