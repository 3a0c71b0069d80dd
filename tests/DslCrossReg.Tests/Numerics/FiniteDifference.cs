using System;
using System.Linq;
using TorchSharp;
using Xunit;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Numerics;

/// <summary>
/// Checks autograd gradients of a scalar function of float64 tensors against central finite differences,
/// ∂f/∂xₖ ≈ (f(x + h eₖ) − f(x − h eₖ)) / 2h, whose error is O(h²) from truncation plus O(ε_mach |f| / h) from
/// rounding; with h ≈ 1e-6 in float64 both stay near 1e-10 for the smooth, O(1) functions the tests use.
/// <para>h is the power of two 2⁻²⁰ ≈ 9.5e-7, so that x ± h is exact in binary for any moderate x: the two
/// evaluation points are then exactly symmetric about x, which matters at kinks that are even around x
/// (|a − b| at a = b), where the symmetric difference is exactly the zero subgradient autograd reports, and
/// where an inexact step would be amplified by steep guards such as 1/(d + ε).</para>
/// <para>Error per element: |analytic − numeric| / max(|analytic|, |numeric|, floor). The floor (1e-3 by
/// default) turns it into an absolute error for near-zero gradients, where a relative error would compare
/// two rounding residues. The check fails when any element exceeds the tolerance (1e-6 by default).</para>
/// </summary>
public static class FiniteDifference
{
    public const double DefaultStep = 1.0 / (1 << 20);
    public const double DefaultFloor = 1e-3;
    public const double DefaultTolerance = 1e-6;

    public static double RelativeError(double analytic, double numeric, double floor = DefaultFloor) =>
        Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), floor);

    /// <summary>Autograd gradients of <paramref name="f"/> w.r.t. fresh leaf copies of the inputs; null where none flowed.</summary>
    public static double[]?[] Analytic(Func<Tensor[], Tensor> f, Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        var leaves = inputs.Select(x => x.detach().clone().requires_grad_(x.is_floating_point())).ToArray();
        var value = f(leaves);
        Assert.True(value.numel() == 1, $"the function must return a scalar, got shape [{string.Join(", ", value.shape)}]");
        value.backward();
        return leaves.Select(l => l.grad is null ? null : Float64.Values(l.grad)).ToArray();
    }

    /// <summary>Central finite differences of <paramref name="f"/> w.r.t. every element of input <paramref name="index"/>.</summary>
    public static double[] Numeric(Func<Tensor[], Tensor> f, Tensor[] inputs, int index, double step = DefaultStep)
    {
        var values = Float64.Values(inputs[index]);
        var gradient = new double[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            gradient[k] = (Evaluate(f, inputs, index, values, k, +step) - Evaluate(f, inputs, index, values, k, -step)) / (2 * step);
        }
        return gradient;
    }

    /// <summary>
    /// Asserts that the autograd gradient of every input in <paramref name="differentiable"/> (all inputs when
    /// null) matches central finite differences, and is finite.
    /// </summary>
    public static void AssertGradientsMatch(
        Func<Tensor[], Tensor> f, Tensor[] inputs, int[]? differentiable = null,
        double step = DefaultStep, double floor = DefaultFloor, double tolerance = DefaultTolerance)
    {
        foreach (var x in inputs)
            Assert.True(x.dtype == ScalarType.Float64 || !x.is_floating_point(), $"gradient checks need float64 inputs, got {x.dtype}");
        var analytic = Analytic(f, inputs);
        foreach (int i in differentiable ?? Enumerable.Range(0, inputs.Length).ToArray())
        {
            var expected = Numeric(f, inputs, i, step);
            var actual = analytic[i] ?? throw new XunitException($"input {i} received no gradient");
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.False(double.IsNaN(actual[k]) || double.IsInfinity(actual[k]), $"input {i}, element {k}: gradient {actual[k]}");
                double error = RelativeError(actual[k], expected[k], floor);
                if (error > tolerance)
                    throw new XunitException(
                        $"input {i}, element {k}: autograd {actual[k]:R}, finite difference {expected[k]:R}, error {error:E2} > {tolerance:E0}");
            }
        }
    }

    /// <summary>Asserts that input <paramref name="index"/> (a detached teacher or reference) gets no gradient: null or all zeros.</summary>
    public static void AssertNoGradient(Func<Tensor[], Tensor> f, Tensor[] inputs, int index)
    {
        var gradient = Analytic(f, inputs)[index];
        if (gradient is not null)
            Assert.True(gradient.All(g => g == 0), $"input {index} received a gradient: [{string.Join(", ", gradient)}]");
    }

    /// <summary>Asserts that the value and every input's gradient are finite (no NaN, no ∞) and returns the gradients.</summary>
    public static double[]?[] AssertFiniteGradients(Func<Tensor[], Tensor> f, Tensor[] inputs)
    {
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            double value = Float64.Scalar(f(inputs));
            Assert.True(double.IsFinite(value), $"value {value}");
        }
        var gradients = Analytic(f, inputs);
        for (int i = 0; i < gradients.Length; i++)
            if (gradients[i] is { } g)
                Assert.True(g.All(double.IsFinite), $"input {i} has a non-finite gradient: [{string.Join(", ", g)}]");
        return gradients;
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, int index, double[] values, int k, double delta)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var shifted = (double[])values.Clone();
        shifted[k] += delta;
        var arguments = (Tensor[])inputs.Clone();
        arguments[index] = torch.tensor(shifted, inputs[index].shape, ScalarType.Float64);
        return Float64.Scalar(f(arguments));
    }
}
