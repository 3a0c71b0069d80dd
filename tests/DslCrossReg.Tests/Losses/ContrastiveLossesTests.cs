using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Tests.Numerics.ReferenceMath;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Losses;

public class ContrastiveLossesTests
{
    // Dot products per pair: 0.6, −0.44, 0.34, −0.02 — none on a hinge (s + 0.1, s + 0.2, 0.2 − s ≠ 0).
    private static readonly double[,] A = { { 0.5, 0.25, -0.5 }, { 0.1, -0.5, 0.6 }, { 0.2, 0.5, 0.4 }, { -0.3, 0.2, 0.1 } };
    private static readonly double[,] B = { { 0.8, 0.4, -0.2 }, { 0.5, 0.5, -0.4 }, { 0.25, 0.3, 0.35 }, { 0.2, 0.1, 0.2 } };

    private static double[] S(double[,] a, double[,] b) => Enumerable.Range(0, a.GetLength(0)).Select(i => Dot(Float64.Row(a, i), Float64.Row(b, i))).ToArray();

    private static double ReferenceBasic(double[] s, double[] y, double margin, double wPlus = 1, double wMinus = 1) =>
        s.Select((si, i) => y[i] == 1 ? wPlus * (1 - si) : wMinus * Math.Max(0, si + margin)).Average();

    private static double ReferenceMargin(double[] s, double[] y, double margin) =>
        s.Select((si, i) => y[i] == 1 ? Math.Max(0, margin - si) : Math.Max(0, si + margin)).Average();

    private static double ReferenceInfoNce(double[,] a, double[,] b, double temperature, double epsilon)
    {
        int n = a.GetLength(0);
        var logits = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double[] x = Float64.Row(a, i), y = Float64.Row(b, j);
                logits[i, j] = Dot(x, y) / (Math.Max(Norm(x), epsilon) * Math.Max(Norm(y), epsilon)) / temperature;
            }
        double aToB = 0, bToA = 0;
        for (int i = 0; i < n; i++)
        {
            aToB += LogSumExp(Enumerable.Range(0, n).Select(j => logits[i, j]).ToArray()) - logits[i, i];
            bToA += LogSumExp(Enumerable.Range(0, n).Select(j => logits[j, i]).ToArray()) - logits[i, i];
        }
        return (aToB / n + bToA / n) / 2;
    }

    public static TheoryData<double[]> LabelSets => new()
    {
        new double[] { 1, 0, 1, 0 },
        new double[] { 1, 1, 1, 1 },
        new double[] { 0, 0, 0, 0 },
    };

    private static Tensor[] Inputs(double[] labels) => new[] { Float64.Matrix(A), Float64.Matrix(B), Float64.Vector(labels) };

    [Theory]
    [MemberData(nameof(LabelSets))]
    public void Basic_margin_and_weighted_match_float64_loops(double[] labels)
    {
        var s = S(A, B);
        var x = Inputs(labels);
        Assert.Equal(ReferenceBasic(s, labels, 0.1), Float64.Scalar(ContrastiveLosses.Basic(x[0], x[1], x[2])), 12);
        Assert.Equal(ReferenceMargin(s, labels, 0.2), Float64.Scalar(ContrastiveLosses.Margin(x[0], x[1], x[2])), 12);
        Assert.Equal(ReferenceBasic(s, labels, 0.1, 0.3, 0.7), Float64.Scalar(ContrastiveLosses.Weighted(x[0], x[1], x[2])), 12);
        // A weight of 0 leaves that kind of pair out (DCR0024 allows it): the loss is the other kind's alone.
        Assert.Equal(ReferenceBasic(s, labels, 0.1, 0, 0.7), Float64.Scalar(ContrastiveLosses.Weighted(x[0], x[1], x[2], positiveWeight: 0)), 12);
        Assert.Equal(ReferenceBasic(s, labels, 0.1, 0.3, 0), Float64.Scalar(ContrastiveLosses.Weighted(x[0], x[1], x[2], negativeWeight: 0)), 12);
        // Integer labels mean the same.
        var intLabels = torch.tensor(labels.Select(v => (long)v).ToArray());
        Assert.Equal(ReferenceBasic(s, labels, 0.1), Float64.Scalar(ContrastiveLosses.Basic(x[0], x[1], intLabels)), 12);
    }

    [Theory]
    [MemberData(nameof(LabelSets))]
    public void Gradients_match_finite_differences_for_both_encoders(double[] labels)
    {
        var x = Inputs(labels);
        FiniteDifference.AssertGradientsMatch(v => ContrastiveLosses.Basic(v[0], v[1], v[2]), x, new[] { 0, 1 });
        FiniteDifference.AssertGradientsMatch(v => ContrastiveLosses.Margin(v[0], v[1], v[2]), x, new[] { 0, 1 });
        FiniteDifference.AssertGradientsMatch(v => ContrastiveLosses.Weighted(v[0], v[1], v[2]), x, new[] { 0, 1 });
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void InfoNce_matches_a_float64_loop_and_finite_differences(double temperature)
    {
        Assert.Equal(ReferenceInfoNce(A, B, temperature, 1e-8), Float64.Scalar(ContrastiveLosses.InfoNce(Float64.Matrix(A), Float64.Matrix(B), temperature)), 12);
        FiniteDifference.AssertGradientsMatch(v => ContrastiveLosses.InfoNce(v[0], v[1], temperature), new[] { Float64.Matrix(A), Float64.Matrix(B) });
    }

    [Fact]
    public void InfoNce_with_a_zero_row_or_identical_batches_stays_finite()
    {
        var zeroRow = (double[,])A.Clone();
        for (int j = 0; j < 3; j++) zeroRow[1, j] = 0;
        Assert.Equal(ReferenceInfoNce(zeroRow, B, 0.1, 1e-8), Float64.Scalar(ContrastiveLosses.InfoNce(Float64.Matrix(zeroRow), Float64.Matrix(B), 0.1)), 12);
        FiniteDifference.AssertFiniteGradients(v => ContrastiveLosses.InfoNce(v[0], v[1], 0.1), new[] { Float64.Matrix(zeroRow), Float64.Matrix(B) });
        FiniteDifference.AssertGradientsMatch(v => ContrastiveLosses.InfoNce(v[0], v[1], 0.1), new[] { Float64.Matrix(A), Float64.Matrix(A) });
    }

    [Fact]
    public void Labels_receive_no_gradient()
    {
        FiniteDifference.AssertNoGradient(v => ContrastiveLosses.Weighted(v[0], v[1], v[2]), Inputs(new double[] { 1, 0, 1, 0 }), 2);
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(-1.0, "-1")]
    [InlineData(2.0, "2")]
    [InlineData(double.NaN, "NaN")]
    public void Labels_other_than_0_or_1_are_rejected_naming_the_value(double bad, string shown)
    {
        var x = Inputs(new[] { 1, bad, 0, 1 });
        Rejection.Assert(() => ContrastiveLosses.Basic(x[0], x[1], x[2]), "pairLabels", shown, "index 1", "[4]");
        Rejection.Assert(() => ContrastiveLosses.Margin(x[0], x[1], x[2]), "pairLabels", shown, "index 1");
        Rejection.Assert(() => ContrastiveLosses.Weighted(x[0], x[1], x[2]), "pairLabels", shown, "index 1");
    }

    [Fact]
    public void Invalid_inputs_are_rejected_naming_the_argument_and_both_shapes()
    {
        var x = Inputs(new double[] { 1, 0, 1, 0 });
        Rejection.Assert(() => ContrastiveLosses.Basic(x[0], x[1], Float64.Vector(1, 0, 1)), "pairLabels", "[3]", "[4, 3]");
        Rejection.Assert(() => ContrastiveLosses.Basic(x[0], x[1][..2], x[2]), "b", "[4, 3]", "[2, 3]");
        Rejection.Assert(() => ContrastiveLosses.Margin(x[0], x[1], x[2], double.NaN), "margin");
        Rejection.Assert(() => ContrastiveLosses.Weighted(x[0], x[1], x[2], positiveWeight: -0.1), "positiveWeight");
        Rejection.Assert(() => ContrastiveLosses.Weighted(x[0], x[1], x[2], negativeWeight: double.NaN), "negativeWeight");
        Rejection.Assert(() => ContrastiveLosses.InfoNce(x[0], torch.zeros(4, 5, ScalarType.Float64)), "b", "[4, 3]", "[4, 5]");
        Rejection.Assert(() => ContrastiveLosses.InfoNce(x[0], x[1], 0), "temperature");
    }
}
