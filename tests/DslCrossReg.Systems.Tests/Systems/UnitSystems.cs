using DslCrossReg;

namespace DslCrossReg.Systems.Tests.Systems;

// One system per cross method, each as small as the method allows, so that a test can rebuild the same networks
// by hand (same seed, same construction order) and compare the generated step with a plain TorchSharp one.

/// <summary>Scenario 1, method 1, with two different optimizers so that a swapped optimizer shows.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class EmbeddingPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)] public partial Encoder B { get; }
}

/// <summary>The batch InfoNCE form (no pair labels).</summary>
[CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Temperature = 0.5)]
public partial class InfoNcePair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.AdamW, WeightDecay = 0.01)] public partial Encoder B { get; }
}

/// <summary>The labelled margin form of scenario 4 (needs PairLabel).</summary>
[CrossLoss(CrossMethod.Contrastive, 0.3, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.2)]
public partial class LabelledPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 2e-3)] public partial Encoder B { get; }
}

/// <summary>Scenario 1, method 3: L2 between taps; the teacher trains on its own task only.</summary>
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Tap = "embedding")]
public partial class DistilledL2
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 5e-3)] public partial Encoder Student { get; }
}

/// <summary>Hinton's KL form from a frozen teacher.</summary>
[CrossLoss(CrossMethod.Distillation, 0.7, Teacher = "Teacher", Student = "Student", Temperature = 3)]
public partial class DistilledKl
{
    [Member(Frozen = true)] public partial Encoder Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder Student { get; }
}

/// <summary>Scenario 2's parameter term against a frozen reference.</summary>
[CrossLoss(CrossMethod.ParameterDistance, 0.05, Reference = "A")]
public partial class ParameterDiverse
{
    [Member(Frozen = true)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
}

/// <summary>Scenario 2's output term against a reference that is trained, but only on its own task.</summary>
[CrossLoss(CrossMethod.OutputDisagreement, 0.2, Reference = "A")]
public partial class OutputDiverse
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
}

/// <summary>Scenario 1, method 2, with a user discriminator.</summary>
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
public partial class AdversarialPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05)] public partial Encoder B { get; }
    [Discriminator(LearningRate = 1e-2)] public partial Critic D { get; }
}

/// <summary>Scenario 1, method 2, with the generated default discriminator.</summary>
[CrossLoss(CrossMethod.Adversarial, 0.3, Tap = "embedding")]
public partial class DefaultAdversarialPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
}

/// <summary>Scenario 3's shared standardisation before Mse, with a cosine embedding term.</summary>
[SharedInput]
[OutputNorm(NormMethod.SharedStandardize)]
[CrossLoss(CrossMethod.EmbeddingDistance, 0.05, Tap = "embedding", Form = CrossForm.Cosine)]
public partial class SharedNormPair
{
    [Member(Task = TaskLoss.Mse)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.Mse)] public partial Encoder B { get; }
}

/// <summary>A term whose weight ramps from 0 over 4 steps.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 1.0, Tap = "embedding", WarmupSteps = 4)]
public partial class WarmedUpPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
}

/// <summary>
/// Standardised outputs keep the task losses near 1 whatever the input's scale, while the linear members' embedding
/// distance grows with it: the input's scale decides whether the cross term outweighs the tasks 10×.
/// </summary>
[SharedInput]
[OutputNorm(NormMethod.Standardize)]
[CrossLoss(CrossMethod.EmbeddingDistance, 1.0, Tap = "embedding")]
public partial class ScaleSensitivePair
{
    [Member(Task = TaskLoss.Mse)] public partial LinearEncoder A { get; }
    [Member(Task = TaskLoss.Mse)] public partial LinearEncoder B { get; }
}

/// <summary>Members with dropout and a frozen one, for Evaluate.</summary>
[CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "Teacher", Student = "Student")]
public partial class DroppingPair
{
    [Member(Frozen = true)] public partial DroppingEncoder Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial DroppingEncoder Student { get; }
}

/// <summary>Per-member gradient clipping, tight enough to be active on every step.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class ClippedPair
{
    [Member(Task = TaskLoss.CrossEntropy, GradientClipNorm = 0.05)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1)] public partial Encoder B { get; }
}

/// <summary>EmbeddingPair with member A placed explicitly (on the CPU here): the device-alignment path.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "A", Student = "B", Temperature = 2)]
public partial class PlacedPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2, Device = "cpu")] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)] public partial Encoder B { get; }
}

/// <summary>PlacedPair without placement: the reference for it.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "A", Student = "B", Temperature = 2)]
public partial class UnplacedPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)] public partial Encoder B { get; }
}

/// <summary>Adam and SGD with momentum (optimizer state), dropout (RNG state) and a warm-up (step counter).</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.2, Tap = "embedding", WarmupSteps = 4)]
public partial class ResumablePair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial DroppyEncoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)] public partial DroppyEncoder B { get; }
}

/// <summary>Members with BatchNorm and dropout, an Mse task (whose target can carry a NaN past the discriminator's phase) and a user discriminator.</summary>
[CrossLoss(CrossMethod.Adversarial, 0.2, Tap = "embedding")]
public partial class NormedAdversarialPair
{
    [Member(Task = TaskLoss.Mse)] public partial NormedEncoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)] public partial NormedEncoder B { get; }
    [Discriminator(LearningRate = 1e-2)] public partial Critic D { get; }
}

/// <summary>Members with BatchNorm and dropout, trained with a distance term and Bce / CrossEntropy tasks.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class NormedPair
{
    [Member(Task = TaskLoss.Bce)] public partial NormedEncoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.AdamW)] public partial NormedEncoder B { get; }
}

/// <summary>A token-id member beside a feature member.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class TokenPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial TokenEncoder Text { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder Features { get; }
}

/// <summary>
/// AdamW everywhere, weight decay written only once: an unwritten weight decay is PyTorch's AdamW default (0.01),
/// for a member and for the discriminator alike, and a written 0 stays 0.
/// </summary>
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
public partial class AdamWDefaultsPair
{
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.AdamW, LearningRate = 1e-2)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.AdamW, LearningRate = 1e-2, WeightDecay = 0)] public partial Encoder B { get; }
    [Discriminator(Optimizer = OptimizerKind.AdamW, LearningRate = 1e-2)] public partial Critic D { get; }
}
