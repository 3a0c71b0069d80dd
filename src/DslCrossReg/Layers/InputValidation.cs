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
        // Every property read is a call into libtorch: the shape is read once, and only a mismatch reads more.
        var shape = input.shape;
        if (!Matches(expected, input.dtype, shape))
            throw ArgumentErrors.Invalid(InputMessages.Mismatch(network, expected, shape, input.dtype.ToString()), nameof(input));
        if (TokenRangeError(network, expected, input, shape) is { } error)
            throw ArgumentErrors.Invalid(error, nameof(input));
    }

    /// <summary>
    /// Why the token ids of <paramref name="input"/> (already known to match <paramref name="expected"/>) cannot go
    /// into the network's Embedding, or null when every id lies in [0, vocabulary). libtorch would otherwise fail
    /// with "index out of range in self" from inside the forward pass.
    /// </summary>
    internal static string? TokenRangeError(string network, TensorShape expected, Tensor input, long[] shape)
    {
        if (expected.Vocabulary is not { } vocabulary) return null;
        long count = 1;
        foreach (long dim in shape) count *= dim;
        if (count == 0) return null;
        var (min, max) = TensorChecks.Int64Range(input, count);
        if (min >= 0 && max < vocabulary) return null;
        return network + " reads token ids into an Embedding of vocabulary " + vocabulary.ToString(CultureInfo.InvariantCulture)
               + ": every id must lie in [0, " + vocabulary.ToString(CultureInfo.InvariantCulture) + "), but the input holds "
               + (min < 0 ? min : max).ToString(CultureInfo.InvariantCulture) + ".";
    }

    /// <summary>Whether a tensor of <paramref name="dtype"/> and <paramref name="shape"/> is a batch of <paramref name="expected"/>.</summary>
    internal static bool Matches(TensorShape expected, ScalarType dtype, long[] shape)
    {
        if (dtype != (expected.ElementType == ElementType.Int64 ? ScalarType.Int64 : ScalarType.Float32) || shape.Length != expected.Rank + 1)
            return false;
        for (int i = 0; i < expected.Rank; i++)
            if (shape[i + 1] != expected.Dims[i]) return false;
        return true;
    }
}
