using DslCrossReg.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.SharedNormalization;

/// <summary>
/// The one-hot digit labels, brought into the space each normalisation maps the outputs into. The generated task
/// loss compares the normalised output with the target as given (targets are not normalised), so the target must
/// already be a point the normalised output can reach.
/// </summary>
public static class Targets
{
    /// <summary>The labels [N] as one-hot rows [N, 10], Float32.</summary>
    public static Tensor OneHot(Tensor labels)
        => nn.functional.one_hot(labels, Mlp.OutputSize).to_type(ScalarType.Float32);

    /// <summary>Raw outputs: the one-hot rows themselves.</summary>
    public static Tensor Raw(Tensor oneHot) => oneHot.alias();

    /// <summary>Min–max space: the range-normalised one-hot row, which is the one-hot row again (min 0, max 1).</summary>
    public static Tensor Range(Tensor oneHot) => Normalizers.Range(oneHot);

    /// <summary>Z-score space: the standardised one-hot row, 3 at the label and −1/3 elsewhere (mean 0, variance 1).</summary>
    public static Tensor Standardized(Tensor oneHot) => Normalizers.Standardize(oneHot);

    /// <summary>
    /// Shared z-score space: what shared standardisation makes of the one-hot row when <em>both</em> networks output
    /// it. The pooled statistics of two equal rows are each row's own, so this equals <see cref="Standardized"/>;
    /// it is computed through the shared normaliser to say what it means.
    /// </summary>
    public static Tensor SharedStandardized(Tensor oneHot) => Normalizers.SharedStandardize(new[] { oneHot, oneHot })[0];
}
