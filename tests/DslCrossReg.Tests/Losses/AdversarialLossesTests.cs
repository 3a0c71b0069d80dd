using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Tests.Numerics.ReferenceMath;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Losses;

public class AdversarialLossesTests
{
    // BCE(z, y) = −y log σ(z) − (1 − y) log(1 − σ(z)), written via log σ(z) = −softplus(−z).
    private static double ReferenceBce(double[] logits, double label) =>
        logits.Average(z => label * Softplus(-z) + (1 - label) * Softplus(z));

    public static TheoryData<double[], double[]> Logits => new()
    {
        { new[] { -1.5, 0.0, 2.25 }, new[] { 0.5, -0.75 } },
        // Saturated logits: sigmoid + log gives log(0) = −∞ here.
        { new[] { -800.0, 45.0, 700.0 }, new[] { -900.0, 60.0 } },
    };

    [Theory]
    [MemberData(nameof(Logits))]
    public void Discriminator_is_BCE_with_label_0_for_a_plus_BCE_with_label_1_for_b(double[] fromA, double[] fromB)
    {
        double actual = Float64.Scalar(AdversarialLosses.Discriminator(Float64.Vector(fromA), Float64.Vector(fromB)));
        Assert.Equal(ReferenceBce(fromA, 0) + ReferenceBce(fromB, 1), actual, 9);
        Assert.True(double.IsFinite(actual));
    }

    [Theory]
    [MemberData(nameof(Logits))]
    public void FoolDiscriminator_targets_the_other_networks_label(double[] fromA, double[] fromB)
    {
        Assert.Equal(ReferenceBce(fromA, 1), Float64.Scalar(AdversarialLosses.FoolDiscriminator(Float64.Vector(fromA), fromA: true)), 9);
        Assert.Equal(ReferenceBce(fromB, 0), Float64.Scalar(AdversarialLosses.FoolDiscriminator(Float64.Vector(fromB), fromA: false)), 9);
    }

    [Fact]
    public void Column_logits_give_the_same_value_as_flat_logits()
    {
        var a = Float64.Vector(-1.5, 0.0, 2.25);
        var b = Float64.Vector(0.5, -0.75);
        Assert.Equal(
            Float64.Scalar(AdversarialLosses.Discriminator(a, b)),
            Float64.Scalar(AdversarialLosses.Discriminator(a.unsqueeze(1), b.unsqueeze(1))), 14);
    }

    [Theory]
    [MemberData(nameof(Logits))]
    public void Gradients_match_finite_differences_and_stay_finite_when_saturated(double[] fromA, double[] fromB)
    {
        var inputs = new[] { Float64.Vector(fromA), Float64.Vector(fromB) };
        FiniteDifference.AssertGradientsMatch(x => AdversarialLosses.Discriminator(x[0], x[1]), inputs);
        FiniteDifference.AssertGradientsMatch(x => AdversarialLosses.FoolDiscriminator(x[0], true), inputs, new[] { 0 });
        FiniteDifference.AssertGradientsMatch(x => AdversarialLosses.FoolDiscriminator(x[1], false), inputs, new[] { 1 });
    }

    [Fact]
    public void Saturated_float32_logits_stay_finite()
    {
        var z = torch.tensor(new float[] { -200f, 150f }).requires_grad_();
        var loss = AdversarialLosses.Discriminator(z, z);
        loss.backward();
        Assert.Equal(175.0, Float64.Scalar(loss), 3);
        Assert.All(Float64.Values(z.grad!), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void Invalid_logits_are_rejected_naming_the_argument_and_shapes()
    {
        var ok = torch.zeros(4, ScalarType.Float64);
        Rejection.Assert(() => AdversarialLosses.Discriminator(torch.zeros(4, 2, ScalarType.Float64), ok), "logitsFromA", "[4, 2]");
        Rejection.Assert(() => AdversarialLosses.Discriminator(ok, torch.zeros(2, 1, 1, ScalarType.Float64)), "logitsFromB", "[2, 1, 1]");
        Rejection.Assert(() => AdversarialLosses.Discriminator(ok, torch.zeros(4, ScalarType.Float32)), "logitsFromB", "[4]", "Float64", "Float32");
        Rejection.Assert(() => AdversarialLosses.FoolDiscriminator(torch.zeros(0, ScalarType.Float64), true), "logits", "[0]");
        Rejection.Assert(() => AdversarialLosses.FoolDiscriminator(torch.zeros(3, ScalarType.Int64), true), "logits", "Int64", "[3]");
    }
    [Fact]
    public void Softplus_through_kept_scalars_is_TorchSharps_softplus_bit_for_bit()
    {
        // Both sides of the threshold (20), the saturated tails, and float32 and float64.
        var values = new[] { -800.0, -88.5, -20.0, -1e-7, 0.0, 1e-7, 0.75, 19.999, 20.0, 20.001, 45.0, 700.0 };
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var x = torch.tensor(values).to(dtype);
            using var expected = x.softplus(1.0, 20.0);
            using var actual = AdversarialLosses.Softplus(x);
            Assert.Equal(dtype, actual.dtype);
            Assert.True(expected.eq(actual).all().item<bool>(), $"{dtype}: {string.Join(", ", Float64.Values(actual))}");
        }
        // The kept Scalars were used: TorchSharp 0.107 has the private overload this calls.
        Assert.True(AdversarialLosses.SoftplusKeepsItsScalars);
    }
}
