using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Tests.Numerics.ReferenceMath;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Losses;

public class OutputDisagreementTests
{
    private static readonly double[,] Logits = { { 1.0, -0.5, 2.0 }, { 0.25, 0.75, -1.0 }, { 3.0, 0.0, -2.0 } };
    // Row 1 ties classes 0 and 1: the predicted class is the first.
    private static readonly double[,] Reference = { { 0.5, 0.5, 1.5 }, { 2.0, 2.0, 0.0 }, { -1.0, 4.0, 0.0 } };
    // The model agrees with a confident reference: CE ≈ 0, where the published 1/CE is singular.
    private static readonly double[,] Agreeing = { { 60.0, 0.0, 0.0 }, { 0.0, 60.0, 0.0 }, { 0.0, 0.0, 60.0 } };

    private static double[] ReferenceCrossEntropies(double[,] z, double[,] r, ReferenceTarget target) =>
        Enumerable.Range(0, z.GetLength(0)).Select(i =>
        {
            var logQ = LogSoftmax(Float64.Row(z, i));
            var row = Float64.Row(r, i);
            if (target == ReferenceTarget.PredictedClass)
            {
                int predicted = 0;
                for (int c = 1; c < row.Length; c++) if (row[c] > row[predicted]) predicted = c;
                return -logQ[predicted];
            }
            var p = LogSoftmax(row).Select(Math.Exp).ToArray();
            return -Dot(p, logQ);
        }).ToArray();

    public static TheoryData<string, ReferenceTarget> Cases => new()
    {
        { "different", ReferenceTarget.PredictedClass },
        { "different", ReferenceTarget.Probabilities },
        { "agreeing", ReferenceTarget.PredictedClass },
        { "agreeing", ReferenceTarget.Probabilities },
    };

    private static (double[,] Z, double[,] R) Case(string name) => name == "agreeing" ? (Agreeing, Agreeing) : (Logits, Reference);

    [Theory]
    [MemberData(nameof(Cases))]
    public void InverseCrossEntropy_is_one_over_mean_CE_plus_epsilon(string name, ReferenceTarget target)
    {
        var (z, r) = Case(name);
        double expected = 1 / (ReferenceCrossEntropies(z, r, target).Average() + 1e-3);
        double actual = Float64.Scalar(OutputDisagreement.InverseCrossEntropy(Float64.Matrix(z), Float64.Matrix(r), 1e-3, target));
        Assert.Equal(expected, actual, 9);
        Assert.True(actual <= 1e3);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NegativeCrossEntropy_is_the_negated_per_sample_clamped_CE(string name, ReferenceTarget target)
    {
        var (z, r) = Case(name);
        foreach (double clamp in new[] { 100.0, 2.0 })
        {
            double expected = -ReferenceCrossEntropies(z, r, target).Select(ce => Math.Min(ce, clamp)).Average();
            double actual = Float64.Scalar(OutputDisagreement.NegativeCrossEntropy(Float64.Matrix(z), Float64.Matrix(r), clamp, target));
            Assert.Equal(expected, actual, 12);
            Assert.True(actual >= -clamp);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences_and_never_reach_the_reference(string name, ReferenceTarget target)
    {
        var (z, r) = Case(name);
        var inputs = new[] { Float64.Matrix(z), Float64.Matrix(r) };
        Func<Tensor[], Tensor>[] losses =
        {
            x => OutputDisagreement.InverseCrossEntropy(x[0], x[1], 1e-3, target),
            // A clamp of 2 cuts the last sample of the "different" batch (CE ≈ 3.1) and no sample sits on the kink.
            x => OutputDisagreement.NegativeCrossEntropy(x[0], x[1], 2.0, target),
        };
        foreach (var f in losses)
        {
            FiniteDifference.AssertGradientsMatch(f, inputs, new[] { 0 });
            FiniteDifference.AssertNoGradient(f, inputs, 1);
            FiniteDifference.AssertFiniteGradients(f, inputs);
        }
    }

    [Fact]
    public void Invalid_inputs_are_rejected_naming_the_argument_and_both_shapes()
    {
        var z = torch.zeros(3, 4, ScalarType.Float64);
        Rejection.Assert(() => OutputDisagreement.InverseCrossEntropy(z, torch.zeros(3, 5, ScalarType.Float64)), "detachedReferenceLogits", "[3, 4]", "[3, 5]");
        Rejection.Assert(() => OutputDisagreement.NegativeCrossEntropy(z, torch.zeros(2, 4, ScalarType.Float64), 1.0), "detachedReferenceLogits", "[3, 4]", "[2, 4]");
        Rejection.Assert(() => OutputDisagreement.NegativeCrossEntropy(z, z, 0.0), "clamp");
        Rejection.Assert(() => OutputDisagreement.InverseCrossEntropy(z, z, -1e-3), "epsilon");
        Rejection.Assert(() => OutputDisagreement.InverseCrossEntropy(z, z, 1e-3, (ReferenceTarget)7), "target");
    }
}
