using DslCrossReg;

namespace DslCrossReg.Examples.TwoViewMnist;

// Each row of the main job is one system below, trained with the same seeds, data order and budget as the row it is
// compared with, so that the rows differ in what they declare and nothing else.

// 1. Two views, each on its own task, trained side by side with no cross term: the baseline of row 2.
[TrainingSystem]
public partial class IndependentViews
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}

// 2. Scenario 1, method 1: the same two views, their 32-wide embeddings pulled together (0.1 × mean ‖e_L − e_R‖₂).
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class EmbeddingViews
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}

// 3. Two-view retrieval: two towers with no task of their own, trained on symmetric InfoNCE alone (T = 0.1), so that
//    each left half finds its own right half among the batch's, and later among every test digit's.
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Temperature = 0.1)]
public partial class RetrievalTowers
{
    [Member] public partial LeftTower Left { get; }
    [Member] public partial RightTower Right { get; }
}

// 4a. The teacher, trained on every label.
[TrainingSystem]
public partial class TeacherAlone
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Teacher Teacher { get; }
}

// 4b. The student on its own: labels for one digit in ten (the rest are −1, unlabelled, and add nothing).
[TrainingSystem]
public partial class StudentAlone
{
    [Member(Task = TaskLoss.CrossEntropyWhereLabeled)] public partial Student Student { get; }
}

// 4c. The same student with the same labels, and the trained, frozen teacher's soft targets on every digit: Hinton's
//     KL at T = 4 (scaled by T²). Hinton mixes 0.1 × the label loss with 0.9 × the soft-target loss; the task loss
//     here has weight 1, so the same mix is weight 9 (Adam's steps do not depend on the loss's overall scale).
[CrossLoss(CrossMethod.Distillation, 9.0, Teacher = "Teacher", Student = "Student", Temperature = 4)]
public partial class DistilledStudent
{
    [Member(Frozen = true)] public partial Teacher Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropyWhereLabeled)] public partial Student Student { get; }
}

// 5a. Two ensemble members, each on its own task.
[TrainingSystem]
public partial class IndependentPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member B { get; }
}

// 5b. Scenario 2: B is also rewarded for predicting differently from A (A detached): 0.5 × −mean min(CE(B, argmax A), 3).
[CrossLoss(CrossMethod.OutputDisagreement, 0.5, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3.0)]
public partial class DiversePair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Member B { get; }
}
