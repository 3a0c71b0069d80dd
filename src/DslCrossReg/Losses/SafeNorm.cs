using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>
/// Norms whose value and gradient stay finite at the zero vector, where the textbook formulas divide by
/// zero: d‖x‖/dx = x / ‖x‖ is 0/0 at x = 0, and autograd through sqrt turns that into NaN.
/// </summary>
internal static class SafeNorm
{
    /// <summary>
    /// Euclidean norm over <paramref name="dim"/>: ‖x‖₂ = sqrt(Σ x²), with gradient x / ‖x‖ where ‖x‖ &gt; 0 and
    /// 0 at x = 0 (the minimum-norm subgradient: a zero distance exerts no pull).
    /// </summary>
    public static Tensor Euclidean(Tensor x, long dim)
        // One kernel forward and one backward: libtorch's vector norm already takes the minimum-norm subgradient at
        // zero (its backward masks grad / ‖x‖ where the norm is 0). Written out instead (square, sum, two wheres
        // around a sqrt to keep sqrt's infinite slope out of the graph) it was eight operations forward and about as
        // many backward per term: eight MLPs with 28 distance terms stepped at 1.010× the plainest loop's time with
        // those, 0.957× with this (bench/README.md, issue 12).
        // Tensor.norm, not torch.linalg.vector_norm: TorchSharp 0.107's vector_norm converts its order to a temporary
        // native Scalar that nothing keeps alive during the native call, so a garbage collection there can free it
        // first (a test run failed once with libtorch's "Unknown scalar type" from linalg_vector_norm); norm passes
        // p as a plain float, and libtorch computes it with the same vector-norm kernel.
        => x.norm((int)dim, keepdim: false, p: 2.0f);

    /// <summary>
    /// x / max(‖x‖₂, ε) over <paramref name="dim"/>: a unit vector, or x/ε (the zero vector stays zero) when the
    /// norm is below ε. Written as rsqrt(max(Σx², ε²)) so the clamp cuts the gradient before sqrt's
    /// infinite slope at 0.
    /// </summary>
    public static Tensor Normalize(Tensor x, long dim, double epsilon)
    {
        var squared = x.square().sum(dim, keepdim: true);
        return x * squared.clamp_min(epsilon * epsilon).rsqrt();
    }
}
