using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// The arithmetic a generated step does on its loss terms: a term times its weight, and the sum of the terms. The
/// same kernels as C#'s operators on tensors (<c>weight * term</c>, <c>a + b + c</c>), so the same values bit for bit,
/// without what those operators leave behind on every step: each converts a number (the weight, or addition's implicit
/// factor 1) into a native <see cref="Scalar"/> that nothing disposes, a finalizable object and a native allocation
/// per operation for the garbage collector's finalizer thread (bench/README.md, issue 12).
/// </summary>
public static class TermArithmetic
{
    // Addition's factor: a + b is add(b, alpha: 1). Shared and never disposed (immutable, tiny).
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="weight"/> × <paramref name="term"/>, as <c>weight * term</c> computes it.</summary>
    public static Tensor Weighted(double weight, Tensor term)
    {
        ArgumentErrors.NotNull(term);
        using var factor = weight.ToScalar();
        return term.mul(factor);
    }

    /// <summary><paramref name="a"/> + <paramref name="b"/>, as <c>a + b</c> computes it.</summary>
    public static Tensor Total(Tensor a, Tensor b)
    {
        ArgumentErrors.NotNull(a);
        ArgumentErrors.NotNull(b);
        return a.add(b, One);
    }

    /// <summary><paramref name="a"/> + <paramref name="b"/> + <paramref name="c"/>, summed left to right as <c>a + b + c</c>.</summary>
    public static Tensor Total(Tensor a, Tensor b, Tensor c)
    {
        ArgumentErrors.NotNull(c);
        return Accumulate(Total(a, b), c);
    }

    /// <summary>The sum of <paramref name="terms"/> (at least one; one term is its own sum), left to right as <c>t0 + t1 + …</c>.</summary>
    public static Tensor Total(params Tensor[] terms)
    {
        ArgumentErrors.NotNull(terms);
        if (terms.Length == 0) throw ArgumentErrors.Invalid("Total needs at least one term.", nameof(terms));
        if (terms.Length == 1) return terms[0];
        var sum = Total(terms[0], terms[1]);
        for (int i = 2; i < terms.Length; i++)
        {
            ArgumentErrors.NotNull(terms[i], nameof(terms));
            sum = Accumulate(sum, terms[i]);
        }
        return sum;
    }

    // sum + term, where sum is a partial sum this class made (never a caller's tensor). Added in place when the result
    // has sum's dtype, device and shape, which is when in place and out of place are the same kernel on the same values: no new
    // tensor per term (a system of eight members sums 36 terms). Autograd allows it: addition keeps neither operand
    // nor its result for its backward. Otherwise (a float32 partial sum and a float64 term, a [1]-shaped term after
    // scalars, a CPU scalar beside a GPU one), a new sum as the operator would make it, and the partial one freed.
    private static Tensor Accumulate(Tensor sum, Tensor term)
    {
        if (term.dtype == sum.dtype && term.device_type == sum.device_type && term.device_index == sum.device_index && TensorChecks.SameShape(term, sum))
            return sum.add_(term, One);
        var next = sum.add(term, One);
        sum.Dispose();
        return next;
    }
}
