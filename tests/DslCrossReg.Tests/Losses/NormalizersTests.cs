using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Losses;

public class NormalizersTests
{
    private static readonly double[,] X = { { 1.0, -2.0, 3.5, 0.5 }, { 0.25, 0.75, -1.0, 2.0 } };
    private static readonly double[,] WithConstantRow = { { 1.0, -2.0, 3.5, 0.5 }, { 1.5, 1.5, 1.5, 1.5 } };
    private static readonly double[,] Y = { { 2.0, 0.5, -0.5, 1.0 }, { -3.0, 1.0, 0.0, 4.0 } };
    private static readonly double[,] Narrow = { { 0.3, -0.6 }, { 1.2, 2.4 } };

    // Fixed, unequal weights: the gradient of Σ w·y probes the whole Jacobian in one direction.
    private static Tensor Probe(Tensor y) =>
        (y * torch.arange(1, y.numel() + 1, ScalarType.Float64).reshape(y.shape).sin()).sum();

    private static double[,] Map(double[,] x, Func<double[], double[]> row)
    {
        var result = new double[x.GetLength(0), x.GetLength(1)];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            var y = row(Float64.Row(x, i));
            for (int j = 0; j < y.Length; j++) result[i, j] = y[j];
        }
        return result;
    }

    private static double[] ReferenceRange(double[] x, double epsilon) =>
        x.Select(v => (v - x.Min()) / Math.Max(x.Max() - x.Min(), epsilon)).ToArray();

    private static double[] ReferenceStandardize(double[] x, double mean, double variance, double epsilon) =>
        x.Select(v => (v - mean) / Math.Sqrt(variance + epsilon)).ToArray();

    private static double Variance(double[] x) => x.Select(v => (v - ReferenceMath.Mean(x)) * (v - ReferenceMath.Mean(x))).Average();

    private static void AssertClose(double[,] expected, Tensor actual, int precision = 12)
    {
        var a = Float64.Values2D(actual);
        Assert.Equal(expected.GetLength(0), a.GetLength(0));
        Assert.Equal(expected.GetLength(1), a.GetLength(1));
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                Assert.Equal(expected[i, j], a[i, j], precision);
    }

    public static TheoryData<double[,]> Rows => new() { X, WithConstantRow };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Range_matches_a_float64_loop_and_maps_a_constant_row_to_zeros(double[,] x)
    {
        AssertClose(Map(x, r => ReferenceRange(r, 1e-8)), Normalizers.Range(Float64.Matrix(x)));
        FiniteDifference.AssertFiniteGradients(v => Probe(Normalizers.Range(v[0])), new[] { Float64.Matrix(x) });
    }

    [Fact]
    public void Range_gradient_matches_finite_differences()
    {
        FiniteDifference.AssertGradientsMatch(v => Probe(Normalizers.Range(v[0])), new[] { Float64.Matrix(X) });
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Standardize_matches_a_float64_loop_and_its_gradient_finite_differences(double[,] x)
    {
        AssertClose(Map(x, r => ReferenceStandardize(r, ReferenceMath.Mean(r), Variance(r), 1e-8)), Normalizers.Standardize(Float64.Matrix(x)), 9);
        // ε = 1e-4 keeps a constant row's curvature (∝ 1/ε) within reach of the finite-difference step.
        FiniteDifference.AssertGradientsMatch(v => Probe(Normalizers.Standardize(v[0], 1e-4)), new[] { Float64.Matrix(x) });
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Shared_per_sample_statistics_pool_both_outputs_rows(double[,] x)
    {
        var expectedX = new double[2, 4];
        var expectedY = new double[2, 2];
        for (int i = 0; i < 2; i++)
        {
            var pooled = Float64.Row(x, i).Concat(Float64.Row(Narrow, i)).ToArray();
            double mean = ReferenceMath.Mean(pooled), variance = Variance(pooled);
            var a = ReferenceStandardize(Float64.Row(x, i), mean, variance, 1e-8);
            var b = ReferenceStandardize(Float64.Row(Narrow, i), mean, variance, 1e-8);
            for (int j = 0; j < 4; j++) expectedX[i, j] = a[j];
            for (int j = 0; j < 2; j++) expectedY[i, j] = b[j];
        }
        var result = Normalizers.SharedStandardize(new[] { Float64.Matrix(x), Float64.Matrix(Narrow) }, SharedStatistics.PerSample);
        AssertClose(expectedX, result[0], 10);
        AssertClose(expectedY, result[1], 10);
        FiniteDifference.AssertGradientsMatch(
            v => { var y = Normalizers.SharedStandardize(v, SharedStatistics.PerSample); return Probe(y[0]) + Probe(y[1]); },
            new[] { Float64.Matrix(x), Float64.Matrix(Narrow) });
    }

    [Fact]
    public void Shared_per_feature_statistics_pool_the_combined_batch()
    {
        var expectedX = new double[2, 4];
        var expectedY = new double[2, 4];
        for (int j = 0; j < 4; j++)
        {
            double[] pooled = { X[0, j], X[1, j], Y[0, j], Y[1, j] };
            double mean = ReferenceMath.Mean(pooled), variance = Variance(pooled);
            for (int i = 0; i < 2; i++)
            {
                expectedX[i, j] = (X[i, j] - mean) / Math.Sqrt(variance + 1e-8);
                expectedY[i, j] = (Y[i, j] - mean) / Math.Sqrt(variance + 1e-8);
            }
        }
        var result = Normalizers.SharedStandardize(new[] { Float64.Matrix(X), Float64.Matrix(Y) }, SharedStatistics.PerFeature);
        AssertClose(expectedX, result[0], 10);
        AssertClose(expectedY, result[1], 10);
        FiniteDifference.AssertGradientsMatch(
            v => { var y = Normalizers.SharedStandardize(v, SharedStatistics.PerFeature); return Probe(y[0]) + Probe(y[1]); },
            new[] { Float64.Matrix(X), Float64.Matrix(Y) });
    }

    [Fact]
    public void Shared_standardisation_is_not_the_published_per_row_standardisation()
    {
        // Scenario 3's bug: concatenating along the batch and standardising per row shares nothing.
        var shared = Normalizers.SharedStandardize(new[] { Float64.Matrix(X), Float64.Matrix(Y) });
        var perRow = Normalizers.Standardize(Float64.Matrix(X));
        Assert.Contains(Float64.Values(shared[0]).Zip(Float64.Values(perRow)), p => Math.Abs(p.First - p.Second) > 1e-3);
    }

    [Fact]
    public void Identical_constant_outputs_standardise_to_zeros_with_finite_gradients()
    {
        var constant = new double[,] { { 2, 2 }, { 2, 2 } };
        foreach (var pooling in new[] { SharedStatistics.PerSample, SharedStatistics.PerFeature })
        {
            var result = Normalizers.SharedStandardize(new[] { Float64.Matrix(constant), Float64.Matrix(constant) }, pooling);
            Assert.All(result.SelectMany(Float64.Values), v => Assert.Equal(0.0, v));
            FiniteDifference.AssertFiniteGradients(
                v => { var y = Normalizers.SharedStandardize(v, pooling); return Probe(y[0]) + Probe(y[1]); },
                new[] { Float64.Matrix(constant), Float64.Matrix(constant) });
        }
    }

    [Fact]
    public void Invalid_inputs_are_rejected_naming_the_argument_and_shapes()
    {
        var x = Float64.Matrix(X);
        Rejection.Assert(() => Normalizers.Range(Float64.Vector(1, 2)), "x", "[2]");
        Rejection.Assert(() => Normalizers.Standardize(torch.zeros(2, 3, ScalarType.Int32)), "x", "Int32", "[2, 3]");
        Rejection.Assert(() => Normalizers.Range(x, 0), "epsilon");
        Rejection.Assert(() => Normalizers.SharedStandardize(new[] { x }), "outputs");
        Rejection.Assert(() => Normalizers.SharedStandardize(new[] { x, torch.zeros(3, 4, ScalarType.Float64) }), "outputs[1]", "[2, 4]", "[3, 4]");
        Rejection.Assert(() => Normalizers.SharedStandardize(new[] { x, Float64.Matrix(Narrow) }, SharedStatistics.PerFeature), "outputs[1]", "[2, 4]", "[2, 2]");
        Rejection.Assert(() => Normalizers.SharedStandardize(new[] { x, x.to(ScalarType.Float32) }), "outputs[1]", "Float64", "Float32");
    }
}
