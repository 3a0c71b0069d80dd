using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>Which axis the statistics of <see cref="Normalizers.SharedStandardize"/> are pooled over.</summary>
public enum SharedStatistics
{
    /// <summary>
    /// For each sample, mean and variance pooled over the features of <em>every</em> member's output for that
    /// sample; each member's row is then standardised with those shared statistics. Independent of the
    /// batch's composition, and members may have different output widths.
    /// </summary>
    PerSample,

    /// <summary>
    /// For each feature, mean and variance pooled over the combined batch of every member's output (all
    /// members must have the same width). Like a batch normalisation shared by the members.
    /// </summary>
    PerFeature,
}

/// <summary>
/// Output normalisers of scenario 3 (two networks with normalised outputs), done right: ε-safe and, for the
/// shared form, with statistics that really are shared.
/// </summary>
public static class Normalizers
{
    /// <summary>The default ε added to denominators.</summary>
    public const double DefaultEpsilon = 1e-8;

    /// <summary>
    /// Min–max normalisation per sample over the last axis: y = (x − min) / max(max − min, ε).
    /// A constant row gives zeros, never NaN (the published code divides by zero there).
    /// </summary>
    /// <param name="x">Tensor of rank ≥ 2, batch first.</param>
    /// <param name="epsilon">Lower bound of the denominator; must be positive.</param>
    public static Tensor Range(Tensor x, double epsilon = DefaultEpsilon)
    {
        TensorChecks.RequireFloating(x, nameof(x));
        TensorChecks.RequireRankAtLeast(x, 2, nameof(x));
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        using var scope = torch.NewDisposeScope();
        var min = x.amin(new long[] { -1 }, keepdim: true);
        var max = x.amax(new long[] { -1 }, keepdim: true);
        var range = (max - min).clamp_min(epsilon);
        return ((x - min) / range).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Z-score per sample over the last axis: y = (x − mean) / sqrt(var + ε), with the population variance
    /// (divide by n), as batch and layer normalisation use.
    /// </summary>
    /// <param name="x">Tensor of rank ≥ 2, batch first.</param>
    /// <param name="epsilon">Added to the variance; must be positive.</param>
    public static Tensor Standardize(Tensor x, double epsilon = DefaultEpsilon)
    {
        TensorChecks.RequireFloating(x, nameof(x));
        TensorChecks.RequireRankAtLeast(x, 2, nameof(x));
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        using var scope = torch.NewDisposeScope();
        var mean = x.mean(new long[] { -1 }, keepdim: true);
        var variance = (x - mean).square().mean(new long[] { -1 }, keepdim: true);
        return ((x - mean) / (variance + epsilon).sqrt()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Standardises every member's output with statistics pooled over <em>all</em> members' outputs, so that
    /// the members are compared on one scale. Scenario 3's published version concatenated along the batch
    /// axis and then took per-row statistics, which is plain per-sample standardisation: nothing was shared.
    /// <para><see cref="SharedStatistics.PerSample"/>: for sample i, μᵢ and σᵢ² are the mean and population
    /// variance of the concatenation of every member's row i; yₘ,ᵢ = (xₘ,ᵢ − μᵢ) / sqrt(σᵢ² + ε).</para>
    /// <para><see cref="SharedStatistics.PerFeature"/>: for feature j, μⱼ and σⱼ² are taken over every member's
    /// column j across the whole batch; yₘ,·ⱼ = (xₘ,·ⱼ − μⱼ) / sqrt(σⱼ² + ε).</para>
    /// </summary>
    /// <param name="outputs">Two or more rank-2 tensors (batch, features) with the same batch size.</param>
    /// <param name="pooling">Which axis the statistics are pooled over.</param>
    /// <param name="epsilon">Added to the variance; must be positive.</param>
    /// <returns>The normalised outputs, in the order given.</returns>
    /// <exception cref="ArgumentException">Fewer than two outputs, or an output that is null, not floating, not rank 2, or differs from the first in batch size, dtype, device or (per feature) width.</exception>
    public static Tensor[] SharedStandardize(
        IReadOnlyList<Tensor> outputs,
        SharedStatistics pooling = SharedStatistics.PerSample,
        double epsilon = DefaultEpsilon)
    {
        ArgumentErrors.NotNull(outputs);
        if (outputs.Count < 2)
            throw ArgumentErrors.Invalid($"shared standardisation needs at least two outputs, got {outputs.Count}.", nameof(outputs));
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        for (int m = 0; m < outputs.Count; m++)
        {
            var name = $"{nameof(outputs)}[{m}]";
            TensorChecks.RequireFloating(outputs[m], name);
            TensorChecks.RequireRank(outputs[m], 2, name);
            TensorChecks.RequireSameDim(outputs[0], $"{nameof(outputs)}[0]", outputs[m], name, 0);
            // torch.cat would silently promote a float32 member to float64 and return mixed precisions.
            TensorChecks.RequireSameDtypeWithShapes(outputs[0], $"{nameof(outputs)}[0]", outputs[m], name);
            TensorChecks.RequireSameDevice(outputs[0], $"{nameof(outputs)}[0]", outputs[m], name);
            if (pooling == SharedStatistics.PerFeature)
                TensorChecks.RequireSameDim(outputs[0], $"{nameof(outputs)}[0]", outputs[m], name, 1);
        }

        using var scope = torch.NewDisposeScope();
        int axis = pooling == SharedStatistics.PerSample ? 1 : 0;
        var pooled = torch.cat(outputs.ToArray(), axis);
        var mean = pooled.mean(new long[] { axis }, keepdim: true);
        var variance = (pooled - mean).square().mean(new long[] { axis }, keepdim: true);
        var scale = (variance + epsilon).rsqrt();
        var result = outputs.Select(o => ((o - mean) * scale).MoveToOuterDisposeScope()).ToArray();
        return result;
    }
}
