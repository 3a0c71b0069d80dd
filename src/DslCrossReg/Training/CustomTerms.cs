using System;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>The run-time checks of a <see cref="CrossTermAttribute"/> method's value, called by generated code.</summary>
public static class CustomTerms
{
    /// <summary>
    /// Returns <paramref name="value"/> when it is a floating-point scalar; otherwise throws, naming the term, so a
    /// step rolls back instead of summing a tensor that is not a loss.
    /// </summary>
    /// <param name="term">The term's name, as in the terms dictionary.</param>
    /// <param name="value">What the user's method returned.</param>
    /// <exception cref="InvalidOperationException">The method returned null, a tensor of rank above 0, or an integer or boolean tensor.</exception>
    public static Tensor Scalar(string term, Tensor? value)
    {
        if (value is null)
            throw new InvalidOperationException($"The cross term '{term}' returned null; a [CrossTerm] method returns a scalar tensor.");
        if (value.dim() != 0)
            throw new InvalidOperationException(
                $"The cross term '{term}' returned a tensor of shape [{string.Join(", ", value.shape)}]; a [CrossTerm] method returns a scalar (reduce it with mean() or sum()).");
        if (!value.is_floating_point())
            throw new InvalidOperationException($"The cross term '{term}' returned a {value.dtype} tensor; a [CrossTerm] method returns a floating-point scalar.");
        return value;
    }
}
