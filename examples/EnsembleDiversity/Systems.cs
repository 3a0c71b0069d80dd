using DslCrossReg;

namespace DslCrossReg.Examples.EnsembleDiversity;

// Every system declares A before B with the same seed, so B's initial weights are the same draw in all of them and
// the rows differ only in the term B is trained with. Stage-2 systems declare A frozen: it gets no optimizer and
// its parameters no gradient (scenario 2's published code left the reference trainable), and the trained stage-1
// A is copied in with load_state_dict.

// Stage 1: A and the baseline partner B, each trained on its own task only, side by side on the same batches.
[SharedInput]
[TrainingSystem]
public partial class IndependentPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner B { get; }
}

// Stage 2a: scenario 2's parameter similarity Σ 1 / Σ|A − B| at its published strength 0.001, with the ε the
// published form lacks (it is infinite, and its gradient NaN, when B equals A).
[SharedInput]
[CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = "A", Form = CrossForm.InverseL1, Epsilon = 1e-6)]
public partial class InverseL1Diverse
{
    [Member(Frozen = true)] public partial Learner A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner B { get; }
}

// Stage 2b: a bounded parameter similarity, exp(−mean|A − B| / 0.01) in (0, 1], at scenario 1's advised 0.1.
[SharedInput]
[CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "A", Form = CrossForm.ExpSimilarity, Scale = 0.01)]
public partial class ExpSimilarityDiverse
{
    [Member(Frozen = true)] public partial Learner A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner B { get; }
}

// Stage 2c: scenario 2's "add 1 / CE" against A's predicted classes, at the published strength 0.001, ε-guarded
// (the published form is singular when B agrees with A perfectly).
[SharedInput]
[CrossLoss(CrossMethod.OutputDisagreement, 0.001, Reference = "A", Form = CrossForm.InverseCrossEntropy, Epsilon = 1e-6)]
public partial class InverseCrossEntropyDiverse
{
    [Member(Frozen = true)] public partial Learner A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner B { get; }
}

// Stage 2d: scenario 2's "subtract CE", bounded: −min(CE, 3) per sample (3 is above ln 10, the CE of an untrained
// B, so the push acts from the first step; the published −CE is unbounded below), at scenario 1's advised 0.1.
[SharedInput]
[CrossLoss(CrossMethod.OutputDisagreement, 0.1, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3.0)]
public partial class ClampedCrossEntropyDiverse
{
    [Member(Frozen = true)] public partial Learner A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner B { get; }
}

// Stage 2e: the same term at 0.5. Where A is right its target is the label, so B's loss there is (1 − w)·CE: w must
// stay below 1 or B unlearns the task; at 0.5 the digits A gets wrong weigh twice as much as the rest, and B is
// pushed off A's wrong class on them.
[SharedInput]
[CrossLoss(CrossMethod.OutputDisagreement, 0.5, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3.0)]
public partial class StrongClampedCrossEntropyDiverse
{
    [Member(Frozen = true)] public partial Learner A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner B { get; }
}

// Stage 2f: the bounded parameter term of 2b and the output term of 2e together.
[SharedInput]
[CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "A", Form = CrossForm.ExpSimilarity, Scale = 0.01)]
[CrossLoss(CrossMethod.OutputDisagreement, 0.5, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3.0)]
public partial class BothBoundedDiverse
{
    [Member(Frozen = true)] public partial Learner A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Learner B { get; }
}
