using System;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>
/// Scenario 1, method 1: make two networks' embeddings of the same items agree. Inputs are (batch,
/// features) embeddings, row i of each describing the same item; both receive gradients.
/// </summary>
public static class EmbeddingLosses
{
    /// <summary>The default ε of <see cref="CosineDistance"/>.</summary>
    public const double DefaultEpsilon = 1e-8;

    /// <summary>
    /// Mean over the batch of the per-sample Euclidean distance, not squared:
    /// L = (1/B) Σᵢ ‖aᵢ − bᵢ‖₂ = (1/B) Σᵢ sqrt(Σⱼ (aᵢⱼ − bᵢⱼ)²).
    /// <para>At identical rows (aᵢ = bᵢ) the norm is not differentiable and a plain sqrt gives a NaN gradient
    /// that poisons both networks; here that row's gradient is 0 (the minimum-norm subgradient), so identical
    /// embeddings exert no pull. Elsewhere ∂L/∂aᵢ = (aᵢ − bᵢ) / (B ‖aᵢ − bᵢ‖).</para>
    /// </summary>
    /// <param name="a">Embeddings of network a, shape (batch, features).</param>
    /// <param name="b">Embeddings of network b, the same shape and dtype.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="ArgumentException">A null, non-floating, non-rank-2, empty or mismatched input.</exception>
    public static Tensor Distance(Tensor a, Tensor b)
    {
        TensorChecks.RequireMatchingRows(a, nameof(a), b, nameof(b));
        // Temporaries freed one by one rather than by a scope of their own: a dispose scope allocates a set that
        // grows with what it holds, on every step (bench/README.md, issue 12).
        using var difference = a - b;
        using var norms = SafeNorm.Euclidean(difference, 1);
        return norms.mean();
    }

    /// <summary>
    /// Mean over the batch of one minus the cosine similarity:
    /// L = (1/B) Σᵢ (1 − aᵢ·bᵢ / (max(‖aᵢ‖, ε) · max(‖bᵢ‖, ε))).
    /// Each vector is normalised on its own, so a zero vector has similarity 0 with anything (distance 1)
    /// and finite gradients, instead of the 0/0 of the bare formula.
    /// </summary>
    /// <param name="a">Embeddings of network a, shape (batch, features).</param>
    /// <param name="b">Embeddings of network b, the same shape and dtype.</param>
    /// <param name="epsilon">Lower bound of each norm; must be positive.</param>
    /// <returns>A scalar tensor in [0, 2].</returns>
    /// <exception cref="ArgumentException">A null, non-floating, non-rank-2, empty or mismatched input, or ε ≤ 0.</exception>
    public static Tensor CosineDistance(Tensor a, Tensor b, double epsilon = DefaultEpsilon)
    {
        TensorChecks.RequireMatchingRows(a, nameof(a), b, nameof(b));
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        using var scope = torch.NewDisposeScope();
        var cosine = (SafeNorm.Normalize(a, 1, epsilon) * SafeNorm.Normalize(b, 1, epsilon)).sum(1);
        return (1 - cosine).mean().MoveToOuterDisposeScope();
    }
}
