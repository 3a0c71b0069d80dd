using System;
using System.Globalization;
using DslCrossReg.Shapes;
using static TorchSharp.torch;

namespace DslCrossReg;

/// <summary>
/// The check at the top of every network's <c>forward</c> (interpreted and generated): rank, trailing shape and
/// dtype, before any computation, so a wrong input fails with the network's name and both shapes instead of a
/// matrix-multiplication error from deep inside libtorch.
/// </summary>
public static class InputValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="input"/> is a batch of <paramref name="expected"/>.</summary>
    public static void Check(string network, TensorShape expected, Tensor input)
    {
        ArgumentErrors.NotNull(input);
        if (!Matches(expected, input))
            throw ArgumentErrors.Invalid(InputMessages.Mismatch(network, expected, input.shape, input.dtype.ToString()), nameof(input));
        if (TokenRangeError(network, expected, input) is { } error)
            throw ArgumentErrors.Invalid(error, nameof(input));
    }

    /// <summary>
    /// Why the token ids of <paramref name="input"/> (already known to match <paramref name="expected"/>) cannot go
    /// into the network's Embedding, or null when every id lies in [0, vocabulary). libtorch would otherwise fail
    /// with "index out of range in self" from inside the forward pass.
    /// </summary>
    internal static string? TokenRangeError(string network, TensorShape expected, Tensor input)
    {
        if (expected.Vocabulary is not { } vocabulary) return null;
        long count = input.numel();
        if (count == 0) return null;
        var (min, max) = TensorChecks.Int64Range(input, count);
        if (min >= 0 && max < vocabulary) return null;
        return network + " reads token ids into an Embedding of vocabulary " + vocabulary.ToString(CultureInfo.InvariantCulture)
               + ": every id must lie in [0, " + vocabulary.ToString(CultureInfo.InvariantCulture) + "), but the input holds "
               + (min < 0 ? min : max).ToString(CultureInfo.InvariantCulture) + ".";
    }

    /// <summary>Whether <paramref name="input"/> is a batch of <paramref name="expected"/>: its element type and per-sample shape.</summary>
    internal static bool Matches(TensorShape expected, Tensor input)
        => input.dtype == (expected.ElementType == ElementType.Int64 ? ScalarType.Int64 : ScalarType.Float32)
           && TensorChecks.IsBatchOf(input, expected.Dims);
}
