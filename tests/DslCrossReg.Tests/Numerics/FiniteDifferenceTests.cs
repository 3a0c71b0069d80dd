using System;
using TorchSharp;
using Xunit;
using Xunit.Sdk;

namespace DslCrossReg.Tests.Numerics;

/// <summary>The gradient checker is itself checked, so that a passing gradient test means something.</summary>
public class FiniteDifferenceTests
{
    [Fact]
    public void Numeric_gradient_of_a_cubic_matches_its_derivative()
    {
        var x = Float64.Vector(0.5, -1.25, 2.0);
        var numeric = FiniteDifference.Numeric(v => v[0].pow(3).sum(), new[] { x }, 0);
        double[] exact = { 3 * 0.25, 3 * 1.5625, 3 * 4.0 };
        for (int k = 0; k < exact.Length; k++)
            Assert.True(Math.Abs(numeric[k] - exact[k]) < 1e-8, $"{k}: {numeric[k]} vs {exact[k]}");
    }

    [Fact]
    public void A_wrong_gradient_is_caught()
    {
        // x·sg(x) has true derivative 2x but autograd reports x: the checker must see the difference.
        var x = Float64.Vector(0.5, -1.25);
        Assert.Throws<XunitException>(() =>
            FiniteDifference.AssertGradientsMatch(v => (v[0] * v[0].detach()).sum(), new[] { x }));
    }

    [Fact]
    public void A_gradient_into_a_detached_input_is_caught()
    {
        var x = Float64.Vector(0.5, -1.25);
        var y = Float64.Vector(2.0, 1.0);
        Assert.ThrowsAny<XunitException>(() =>
            FiniteDifference.AssertNoGradient(v => (v[0] * v[1]).sum(), new[] { x, y }, 1));
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.0)]
    [InlineData(2.0, 1.0, 0.5)]
    [InlineData(1e-9, 0.0, 1e-6)]
    public void Relative_error_uses_the_floor_for_near_zero_gradients(double analytic, double numeric, double expected)
    {
        Assert.Equal(expected, FiniteDifference.RelativeError(analytic, numeric), 12);
    }
}
