using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Tests.Numerics.ReferenceMath;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Losses;

public class EmbeddingLossesTests
{
    private static readonly double[,] A = { { 1.0, 2.0, 3.0 }, { 0.5, -1.0, 2.0 }, { -2.0, 0.25, 1.0 } };
    private static readonly double[,] B = { { 0.5, 2.5, 1.0 }, { 0.75, -1.5, 2.5 }, { 1.0, 1.0, -1.0 } };
    // Row 1 identical in both, row 2 a zero vector in b: the ε edge cases.
    private static readonly double[,] EdgeA = { { 1.0, 2.0, 3.0 }, { 0.5, -1.0, 2.0 }, { 0.0, 0.0, 0.0 } };
    private static readonly double[,] EdgeB = { { 0.5, 2.5, 1.0 }, { 0.5, -1.0, 2.0 }, { 0.0, 0.0, 0.0 } };

    private static double ReferenceDistance(double[,] a, double[,] b) =>
        Enumerable.Range(0, a.GetLength(0)).Average(i => Norm(Subtract(Float64.Row(a, i), Float64.Row(b, i))));

    private static double ReferenceCosineDistance(double[,] a, double[,] b, double epsilon) =>
        Enumerable.Range(0, a.GetLength(0)).Average(i =>
        {
            double[] x = Float64.Row(a, i), y = Float64.Row(b, i);
            return 1 - Dot(x, y) / (Math.Max(Norm(x), epsilon) * Math.Max(Norm(y), epsilon));
        });

    public static TheoryData<double[,], double[,]> Batches => new()
    {
        { A, B },
        { EdgeA, EdgeB },
        { A, A },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Distance_is_the_mean_per_sample_euclidean_norm(double[,] a, double[,] b)
    {
        double actual = Float64.Scalar(EmbeddingLosses.Distance(Float64.Matrix(a), Float64.Matrix(b)));
        Assert.Equal(ReferenceDistance(a, b), actual, 12);
    }

    [Fact]
    public void Distance_is_not_squared()
    {
        // One sample 3-4-5 apart: distance 5, where the squared form would give 25.
        var a = Float64.Matrix(new double[,] { { 3, 4 } });
        var b = Float64.Matrix(new double[,] { { 0, 0 } });
        Assert.Equal(5.0, Float64.Scalar(EmbeddingLosses.Distance(a, b)), 12);
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Distance_gradients_match_finite_differences(double[,] a, double[,] b)
    {
        // Identical rows included: the norm is even in a − b there, so central differences give 0, as autograd must.
        FiniteDifference.AssertGradientsMatch(x => EmbeddingLosses.Distance(x[0], x[1]), new[] { Float64.Matrix(a), Float64.Matrix(b) });
    }

    [Fact]
    public void Identical_embeddings_give_zero_distance_and_zero_not_NaN_gradients()
    {
        var gradients = FiniteDifference.AssertFiniteGradients(x => EmbeddingLosses.Distance(x[0], x[1]), new[] { Float64.Matrix(A), Float64.Matrix(A) });
        Assert.All(gradients, g => Assert.All(g!, v => Assert.Equal(0.0, v)));
        Assert.Equal(0.0, Float64.Scalar(EmbeddingLosses.Distance(Float64.Matrix(A), Float64.Matrix(A))));
    }

    [Fact]
    public void Distance_gradient_is_finite_in_float32_at_identical_rows()
    {
        var a = Float64.Matrix(EdgeA).to(ScalarType.Float32).requires_grad_();
        var b = Float64.Matrix(EdgeB).to(ScalarType.Float32).requires_grad_();
        EmbeddingLosses.Distance(a, b).backward();
        Assert.All(Float64.Values(a.grad!).Concat(Float64.Values(b.grad!)), v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void CosineDistance_is_one_minus_the_mean_cosine(double[,] a, double[,] b)
    {
        double actual = Float64.Scalar(EmbeddingLosses.CosineDistance(Float64.Matrix(a), Float64.Matrix(b), 1e-8));
        Assert.Equal(ReferenceCosineDistance(a, b, 1e-8), actual, 12);
    }

    [Fact]
    public void CosineDistance_gradients_match_finite_differences()
    {
        FiniteDifference.AssertGradientsMatch(x => EmbeddingLosses.CosineDistance(x[0], x[1]), new[] { Float64.Matrix(A), Float64.Matrix(B) });
    }

    [Fact]
    public void CosineDistance_of_zero_vectors_is_one_with_finite_gradients()
    {
        var zeros = new double[2, 3];
        Assert.Equal(1.0, Float64.Scalar(EmbeddingLosses.CosineDistance(Float64.Matrix(zeros), Float64.Matrix(B)[..2])), 12);
        FiniteDifference.AssertFiniteGradients(x => EmbeddingLosses.CosineDistance(x[0], x[1]), new[] { Float64.Matrix(EdgeA), Float64.Matrix(EdgeB) });
    }

    public static TheoryData<string, long[], long[], string, string[]> InvalidPairs => new()
    {
        { "different batch", new long[] { 3, 4 }, new long[] { 2, 4 }, "b", new[] { "[3, 4]", "[2, 4]", "batch size" } },
        { "different features", new long[] { 3, 4 }, new long[] { 3, 5 }, "b", new[] { "[3, 4]", "[3, 5]", "features" } },
        { "rank 1", new long[] { 4 }, new long[] { 3, 4 }, "a", new[] { "[4]", "[3, 4]", "rank 2" } },
        { "rank 3", new long[] { 3, 4 }, new long[] { 3, 4, 1 }, "b", new[] { "[3, 4]", "[3, 4, 1]", "rank 2" } },
        { "empty", new long[] { 0, 4 }, new long[] { 0, 4 }, "a", new[] { "[0, 4]", "at least one sample" } },
    };

    [Theory]
    [MemberData(nameof(InvalidPairs))]
    public void Mismatched_embeddings_are_rejected_naming_the_argument_and_both_shapes(
        string why, long[] shapeA, long[] shapeB, string argument, string[] fragments)
    {
        Assert.NotNull(why);
        var a = torch.zeros(shapeA, ScalarType.Float64);
        var b = torch.zeros(shapeB, ScalarType.Float64);
        Rejection.Assert(() => EmbeddingLosses.Distance(a, b), argument, fragments);
        Rejection.Assert(() => EmbeddingLosses.CosineDistance(a, b), argument, fragments);
    }

    [Fact]
    public void Mixed_dtypes_integer_inputs_nulls_and_bad_epsilon_are_rejected()
    {
        var a = torch.zeros(3, 4, ScalarType.Float64);
        Rejection.Assert(() => EmbeddingLosses.Distance(a, torch.zeros(3, 4, ScalarType.Float32)), "b", "Float64", "Float32", "[3, 4]");
        Rejection.Assert(() => EmbeddingLosses.Distance(torch.zeros(3, 4, ScalarType.Int64), a), "a", "Int64", "[3, 4]");
        Assert.Equal("b", Assert.ThrowsAny<ArgumentNullException>(() => EmbeddingLosses.Distance(a, null!)).ParamName);
        Rejection.Assert(() => EmbeddingLosses.CosineDistance(a, a, 0), "epsilon");
    }
}
