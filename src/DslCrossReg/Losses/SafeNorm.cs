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
    {
        var squared = x.square().sum(dim);
        var positive = squared > 0;
        // Both branches of where are differentiated; feeding sqrt a 1 where the sum is 0 keeps its
        // infinite slope at 0 out of the graph, so the masked branch contributes an exact 0, not 0·∞ = NaN.
        var safe = torch.where(positive, squared, torch.ones_like(squared));
        return torch.where(positive, safe.sqrt(), torch.zeros_like(squared));
    }

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
