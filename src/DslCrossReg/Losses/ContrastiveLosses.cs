using System;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>
/// Scenario 4: two encoders (say image and text) trained inside one loss on pairs labelled similar (1) or
/// dissimilar (0). Row i of <c>a</c> and row i of <c>b</c> form pair i; both receive gradients. With
/// sᵢ = aᵢ·bᵢ the dot product of the pair's embeddings and yᵢ its label:
/// <list type="bullet">
/// <item><see cref="Basic"/>, <see cref="Margin"/> and <see cref="Weighted"/> are scenario 4's forms. The dot
/// product of unnormalised embeddings is unbounded, so a similar pair can drive sᵢ → ∞ and the loss → −∞ in
/// <see cref="Basic"/>; normalise the embeddings or use <see cref="InfoNce"/>.</item>
/// <item><see cref="InfoNce"/> is the sound default: cosine similarities, every other row of the batch a negative.</item>
/// </list>
/// </summary>
public static class ContrastiveLosses
{
    /// <summary>
    /// L = (1/B) Σᵢ [yᵢ (1 − sᵢ) + (1 − yᵢ) max(0, sᵢ + m)]: similar pairs pulled towards s = 1 (and beyond,
    /// unboundedly), dissimilar pairs pushed below s = −m.
    /// </summary>
    /// <param name="a">Embeddings of the first encoder, shape (batch, features).</param>
    /// <param name="b">Embeddings of the second encoder, the same shape and dtype.</param>
    /// <param name="pairLabels">Shape (batch), floating, integer or bool, each value 0 (dissimilar) or 1 (similar).</param>
    /// <param name="margin">m for dissimilar pairs (scenario 4: 0.1).</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="ArgumentException">Mismatched or malformed embeddings, or labels of the wrong shape or not 0/1 (the message names the value and its index).</exception>
    public static Tensor Basic(Tensor a, Tensor b, Tensor pairLabels, double margin = 0.1)
    {
        Validate(a, b, pairLabels, margin);
        using var scope = torch.NewDisposeScope();
        return BasicPerPair(a, b, pairLabels, margin).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// L = (1/B) Σᵢ [yᵢ max(0, m − sᵢ) + (1 − yᵢ) max(0, sᵢ + m)]: similar pairs pulled above s = m and no
    /// further (bounded, unlike <see cref="Basic"/>), dissimilar pairs pushed below s = −m.
    /// </summary>
    /// <param name="a">Embeddings of the first encoder, shape (batch, features).</param>
    /// <param name="b">Embeddings of the second encoder, the same shape and dtype.</param>
    /// <param name="pairLabels">Shape (batch), floating, integer or bool, each value 0 (dissimilar) or 1 (similar).</param>
    /// <param name="margin">m (scenario 4: 0.2).</param>
    /// <returns>A scalar tensor, ≥ 0.</returns>
    /// <exception cref="ArgumentException">As <see cref="Basic"/>.</exception>
    public static Tensor Margin(Tensor a, Tensor b, Tensor pairLabels, double margin = 0.2)
    {
        Validate(a, b, pairLabels, margin);
        using var scope = torch.NewDisposeScope();
        var s = (a * b).sum(1);
        var y = pairLabels.detach().to(a.dtype);
        var loss = y * (margin - s).relu() + (1 - y) * (s + margin).relu();
        return loss.mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <see cref="Basic"/>'s per-pair loss weighted by class:
    /// L = (1/B) Σᵢ wᵢ [yᵢ (1 − sᵢ) + (1 − yᵢ) max(0, sᵢ + m)], wᵢ = w₊ for similar and w₋ for dissimilar pairs.
    /// Normalised by the number of pairs B, not by Σwᵢ, so the weights scale each class's contribution
    /// absolutely (an all-similar batch gives w₊ times <see cref="Basic"/>), as scenario 4 states it.
    /// </summary>
    /// <param name="a">Embeddings of the first encoder, shape (batch, features).</param>
    /// <param name="b">Embeddings of the second encoder, the same shape and dtype.</param>
    /// <param name="pairLabels">Shape (batch), floating, integer or bool, each value 0 (dissimilar) or 1 (similar).</param>
    /// <param name="positiveWeight">w₊, the weight of similar pairs (scenario 4: 0.3); finite and not negative (0 leaves them out).</param>
    /// <param name="negativeWeight">w₋, the weight of dissimilar pairs (scenario 4: 0.7); finite and not negative (0 leaves them out).</param>
    /// <param name="margin">m for dissimilar pairs (scenario 4: 0.1).</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="ArgumentException">As <see cref="Basic"/>, or a weight ≤ 0.</exception>
    public static Tensor Weighted(
        Tensor a, Tensor b, Tensor pairLabels, double positiveWeight = 0.3, double negativeWeight = 0.7, double margin = 0.1)
    {
        Validate(a, b, pairLabels, margin);
        TensorChecks.RequireNotNegative(positiveWeight, nameof(positiveWeight));
        TensorChecks.RequireNotNegative(negativeWeight, nameof(negativeWeight));
        using var scope = torch.NewDisposeScope();
        var y = pairLabels.detach().to(a.dtype);
        var weights = y * positiveWeight + (1 - y) * negativeWeight;
        return (weights * BasicPerPair(a, b, pairLabels, margin)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Symmetric InfoNCE over the batch (as in CLIP): with cᵢⱼ = âᵢ·b̂ⱼ / T the temperature-scaled cosine
    /// similarity of every row of <c>a</c> with every row of <c>b</c> (â = a / max(‖a‖, ε)), pair i is the
    /// positive of row i and the other rows of the batch its negatives:
    /// L = ½ [(1/B) Σᵢ (logsumexpⱼ cᵢⱼ − cᵢᵢ) + (1/B) Σⱼ (logsumexpᵢ cᵢⱼ − cⱼⱼ)].
    /// Bounded (cosines lie in [−1, 1]); needs no labels. A zero row has cosine 0 with everything.
    /// </summary>
    /// <param name="a">Embeddings of the first encoder, shape (batch, features); row i matches row i of <paramref name="b"/>.</param>
    /// <param name="b">Embeddings of the second encoder, the same shape and dtype.</param>
    /// <param name="temperature">T; must be positive (CLIP learns it, starting near 0.07).</param>
    /// <param name="epsilon">Lower bound of each norm; must be positive.</param>
    /// <returns>A scalar tensor, ≥ 0.</returns>
    /// <exception cref="ArgumentException">Mismatched or malformed embeddings, or T or ε ≤ 0.</exception>
    public static Tensor InfoNce(Tensor a, Tensor b, double temperature = 0.1, double epsilon = EmbeddingLosses.DefaultEpsilon)
    {
        TensorChecks.RequireMatchingRows(a, nameof(a), b, nameof(b));
        TensorChecks.RequirePositive(temperature, nameof(temperature));
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        using var scope = torch.NewDisposeScope();
        var logits = SafeNorm.Normalize(a, 1, epsilon).matmul(SafeNorm.Normalize(b, 1, epsilon).t()) / temperature;
        var positives = logits.diagonal();
        var aToB = (logits.logsumexp(1) - positives).mean();
        var bToA = (logits.logsumexp(0) - positives).mean();
        return ((aToB + bToA) / 2).MoveToOuterDisposeScope();
    }

    private static Tensor BasicPerPair(Tensor a, Tensor b, Tensor pairLabels, double margin)
    {
        var s = (a * b).sum(1);
        var y = pairLabels.detach().to(a.dtype);
        return y * (1 - s) + (1 - y) * (s + margin).relu();
    }

    private static void Validate(Tensor a, Tensor b, Tensor pairLabels, double margin)
    {
        TensorChecks.RequireMatchingRows(a, nameof(a), b, nameof(b));
        TensorChecks.RequireBinaryLabels(pairLabels, nameof(pairLabels), a, nameof(a));
        if (double.IsNaN(margin) || double.IsInfinity(margin))
            throw ArgumentErrors.OutOfRange(nameof(margin), margin, $"{nameof(margin)} must be a finite number.");
    }
}
