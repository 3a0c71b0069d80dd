using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Bench.Systems;

// The systems the benchmarks measure. Each network's architecture is repeated as a runtime value in
// Architectures (the interpreter's input) and as a hand-written nn.Sequential in HandWritten: a [Network]'s
// Architecture is private to the generator's input.

/// <summary>The MLP of the step benchmarks: 784 → 256 → 64 ("embedding") → 10.</summary>
[Network]
public partial class MlpNet
{
    static Layer Architecture => Input(784) >> Linear(256) >> ReLU >> Linear(64).Tap("embedding") >> ReLU >> Linear(10);
}

/// <summary>The tiny network where fixed per-step overhead dominates: 8 → 8 ("embedding") → 8.</summary>
[Network]
public partial class TinyNet
{
    static Layer Architecture => Input(8) >> Linear(8).Tap("embedding") >> ReLU >> Linear(8);
}

/// <summary>MLP pair pulled together by the embedding distance (issue 6, benchmark 1).</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class MlpEmbeddingPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet B { get; }
}

/// <summary>Tiny pair pulled together by the embedding distance.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class TinyEmbeddingPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial TinyNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial TinyNet B { get; }
}

/// <summary>MLP pair aligned by the default discriminator: two backward passes per step.</summary>
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
public partial class MlpAdversarialPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet B { get; }
}

/// <summary>Tiny pair aligned by the default discriminator.</summary>
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
public partial class TinyAdversarialPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial TinyNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial TinyNet B { get; }
}

/// <summary>MLP student distilled from a teacher trained on its own task (L2 between embeddings).</summary>
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Tap = "embedding")]
public partial class MlpDistilledPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet Student { get; }
}

/// <summary>Tiny student distilled from a tiny teacher.</summary>
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Tap = "embedding")]
public partial class TinyDistilledPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial TinyNet Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial TinyNet Student { get; }
}

/// <summary>The convolutional network of issue 12: 1×28×28 → Conv2d(32, 3) ReLU MaxPool2d(2) → 128 ("embedding") → 10.</summary>
[Network]
public partial class ConvNet
{
    static Layer Architecture => Input(1, 28, 28) >> Conv2d(32, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten
        >> Linear(128).Tap("embedding") >> Linear(10);
}

/// <summary>Conv pair pulled together by the embedding distance.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class ConvEmbeddingPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial ConvNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial ConvNet B { get; }
}

/// <summary>Conv pair aligned by the default discriminator.</summary>
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
public partial class ConvAdversarialPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial ConvNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial ConvNet B { get; }
}

/// <summary>Conv student distilled from a conv teacher.</summary>
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Tap = "embedding")]
public partial class ConvDistilledPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial ConvNet Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial ConvNet Student { get; }
}

/// <summary>Four MLPs, every pair pulled together by the embedding distance (6 cross terms).</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class MlpQuartet
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet B { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet C { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet D { get; }
}

/// <summary>Eight MLPs, every pair pulled together by the embedding distance (28 cross terms).</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class MlpOctet
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet B { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet C { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet D { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet E { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet F { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet G { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet H { get; }
}

/// <summary>The memory soak's system: two cross terms (embedding distance and batch InfoNCE).</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
[CrossLoss(CrossMethod.Contrastive, 0.05, Tap = "embedding")]
public partial class SoakPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet A { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial MlpNet B { get; }
}

/// <summary>The same architectures as runtime values, for the interpreter.</summary>
public static class Architectures
{
    /// <summary>MlpNet's pipeline.</summary>
    public static Layer Mlp => Input(784) >> Linear(256) >> ReLU >> Linear(64).Tap("embedding") >> ReLU >> Linear(10);

    /// <summary>TinyNet's pipeline.</summary>
    public static Layer Tiny => Input(8) >> Linear(8).Tap("embedding") >> ReLU >> Linear(8);
}
