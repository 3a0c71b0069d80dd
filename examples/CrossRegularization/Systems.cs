using DslCrossReg;

namespace DslCrossReg.Examples.CrossRegularization;

// Scenario 1 (docs/cross-methods.md, "The four scenarios"): two networks see two views of the same digit, each with its own CrossEntropy task and
// its own Adam; a cross term at weight 0.1 makes their 32-wide embeddings agree. The four systems below differ only
// in that cross term, so the table compares the methods and nothing else.

// Row 1, the baseline: no cross term. The two views are trained side by side, each on its own task, exactly as if
// trained alone.
[TrainingSystem]
public partial class NoCrossTerm
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}

// Row 2, scenario 1 method 1: 0.1 × mean over the batch of the per-sample Euclidean norm ‖e_L − e_R‖₂ (not
// squared), one backward into both networks, both optimizers zeroed and stepped by the generated step. Where two
// embeddings coincide the generated loss gives a zero gradient instead of the NaN of a bare sqrt.
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class EmbeddingDistancePair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}

// Row 3, scenario 1 method 2: the critic learns to tell Left's embeddings (label 0) from Right's (label 1), and each
// view gets 0.1 × BCE-with-logits of being taken for the other. The published code back-propagated the views'
// losses through a discriminator graph that its optimizer had already modified ("modified by an inplace
// operation") and left gradients in D; the generated step trains the critic on detached embeddings first, then
// forwards the views through the updated critic with its gradients disabled, so neither step moves the other's
// parameters.
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
public partial class AdversarialPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
    [Discriminator] public partial ViewCritic Critic { get; }
}

// Row 4, scenario 1 method 3: Left is the teacher, trained on its own task only; Right, the student, adds
// 0.1 × the same per-sample L2 between its embedding and the teacher's. The published code forgot to detach the
// teacher, so the student's backward wrote gradients into it; the generated term detaches the teacher's tap.
[CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "Left", Student = "Right", Tap = "embedding", Form = CrossForm.L2)]
public partial class DistillationPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
}
