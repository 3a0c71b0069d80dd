using DslCrossReg;

namespace DslCrossReg.Examples.TwoViewMnist;

// 1. Independent training. A system is declared by its cross terms, so this one carries the embedding distance at
//    weight 0: never trained, and logged as 0 (terms are logged weighted, so that they add up to the total).
[CrossLoss(CrossMethod.EmbeddingDistance, 0.0, Tap = "embedding")]
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

// 4a. The teacher and the student trained side by side, the student on its own (distillation weight 0).
[CrossLoss(CrossMethod.Distillation, 0.0, Teacher = "Teacher", Student = "Student", Temperature = 2)]
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

// 5a. Two independent ensemble members (the disagreement term at weight 0, as in 1).
[CrossLoss(CrossMethod.OutputDisagreement, 0.0, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3.0)]
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
