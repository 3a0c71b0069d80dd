using System;
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
        ArgumentNullException.ThrowIfNull(input);
        var dtype = expected.ElementType == ElementType.Int64 ? ScalarType.Int64 : ScalarType.Float32;
        bool ok = input.dtype == dtype && input.dim() == expected.Rank + 1;
        for (int i = 0; ok && i < expected.Rank; i++) ok = input.shape[i + 1] == expected.Dims[i];
        if (!ok)
            throw new ArgumentException(InputMessages.Mismatch(network, expected, input.shape, input.dtype.ToString()), nameof(input));
    }
}
