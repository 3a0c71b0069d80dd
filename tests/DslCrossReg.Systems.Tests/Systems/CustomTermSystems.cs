using System;
using DslCrossReg;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests.Systems;

// Terms of the user's own ([CrossTerm] methods). A system needs a [CrossLoss] attribute to be read as one today, so
// each carries a weight-0 EmbeddingDistance term: it is computed and logged but sends no gradient (0 × a finite
// gradient), so every gradient below comes from the custom term or a task loss.

/// <summary>A correlation term between the two members' embeddings; A has a task, B learns only from the term.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0, Tap = "embedding")]
public partial class CorrelatedPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Encoder A { get; }
    [Member(LearningRate = 1e-2)] public partial Encoder B { get; }

    /// <summary>1 − the mean over features of the Pearson correlation (over the batch) between the two embeddings.</summary>
    [CrossTerm(Weight = 0.25)]
    internal static Tensor Correlation(Encoder.Output a, Encoder.Output b) => CustomTermFormulas.Decorrelation(a.Embedding, b.Embedding);
}

/// <summary>The same term with B passed detached: the term trains A only.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0, Tap = "embedding")]
public partial class CorrelatedToDetached
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Encoder A { get; }
    [Member(LearningRate = 1e-2)] public partial Encoder B { get; }

    /// <summary>As <see cref="CorrelatedPair"/>'s, B detached.</summary>
    [CrossTerm(Weight = 0.25, Detach = nameof(B))]
    internal static Tensor Correlation(Encoder.Output a, Encoder.Output b) => CustomTermFormulas.Decorrelation(a.Embedding, b.Embedding);
}

/// <summary>A term whose value a test can spoil (NaN, a non-scalar) through <see cref="Spoil"/>.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0, Tap = "embedding")]
public partial class SpoilablePair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }

    /// <summary>Applied to the term's value; the identity unless a test replaces it (only <c>CustomTermTests</c> does).</summary>
    internal static Func<Tensor, Tensor> Spoil { get; set; } = value => value;

    [CrossTerm(Weight = 0.5)]
    static Tensor Gap(Encoder.Output a, Encoder.Output b) => Spoil((a.Embedding - b.Embedding).pow(2).mean());
}

/// <summary>
/// <see cref="CorrelatedPair"/> without its custom term: the same members, seeded alike, so it is what a
/// <see cref="CorrelatedPair"/> whose term is scaled to 0 must train like.
/// </summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0, Tap = "embedding")]
public partial class UncorrelatedPair
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Encoder A { get; }
    [Member(LearningRate = 1e-2)] public partial Encoder B { get; }
}

/// <summary>A custom term with a warm-up, for a weight scale composed with the warm-up factor.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0, Tap = "embedding")]
public partial class WarmedGapPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }

    [CrossTerm(Weight = 0.5, WarmupSteps = 4)]
    static Tensor Gap(Encoder.Output a, Encoder.Output b) => (a.Embedding - b.Embedding).pow(2).mean();
}

/// <summary>The formula the custom terms above use.</summary>
internal static class CustomTermFormulas
{
    /// <summary>1 − mean_j corr(x[:, j], y[:, j]), each correlation over the batch, ε-guarded.</summary>
    public static Tensor Decorrelation(Tensor x, Tensor y)
    {
        // The batch dimension, as an array: sum(0) would bind to sum(ScalarType?) and sum as Byte.
        long[] rows = { 0 };
        var xc = x - x.mean(rows, keepdim: true);
        var yc = y - y.mean(rows, keepdim: true);
        var correlation = (xc * yc).sum(rows) / ((xc * xc).sum(rows) * (yc * yc).sum(rows) + 1e-6).sqrt();
        return 1 - correlation.mean();
    }
}
