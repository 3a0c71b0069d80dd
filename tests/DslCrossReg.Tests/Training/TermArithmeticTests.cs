using System;
using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>
/// A generated step weighs and sums its terms through <see cref="TermArithmetic"/> instead of C#'s operators: the values
/// and the gradients must be those of the operators bit for bit (float sums depend on their order).
/// </summary>
[Collection(SeededTests.Name)]
public class TermArithmeticTests
{
    private static Tensor[] Terms(int count, long seed)
    {
        torch.manual_seed(seed);
        // Magnitudes far apart, so that a different summation order rounds differently.
        return Enumerable.Range(0, count).Select(i => (torch.rand(new long[0]) * Math.Pow(10, (i % 3) * 3 - 3)).requires_grad_(true)).ToArray();
    }

    private static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.eq(b).all().item<bool>();

    [Fact]
    public void Weighted_is_weight_times_term_with_its_gradient()
    {
        using var scope = torch.NewDisposeScope();
        var term = Terms(1, 4)[0];
        double weight = 0.1 * 0.7;
        var expected = weight * term;
        var actual = TermArithmetic.Weighted(weight, term);
        Assert.True(Same(expected, actual));
        expected.backward();
        var expectedGrad = term.grad!.clone();
        term.grad!.zero_();
        actual.backward();
        Assert.True(Same(expectedGrad, term.grad!));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    public void Total_sums_left_to_right_as_the_operators_do(int count)
    {
        using var scope = torch.NewDisposeScope();
        for (long seed = 0; seed < 20; seed++)
        {
            var terms = Terms(count, seed);
            var expected = terms.Skip(1).Aggregate(terms[0], (sum, t) => sum + t);
            var actual = count switch
            {
                2 => TermArithmetic.Total(terms[0], terms[1]),
                3 => TermArithmetic.Total(terms[0], terms[1], terms[2]),
                _ => TermArithmetic.Total(terms),
            };
            Assert.True(Same(expected, actual), $"seed {seed}: {actual.ToDouble():R} instead of {expected.ToDouble():R}");
            actual.backward();
            Assert.All(terms, t => Assert.Equal(1.0, t.grad!.ToDouble()));
        }
    }

    [Fact]
    public void The_sum_of_one_term_is_the_term_and_of_none_is_refused()
    {
        using var term = torch.ones(new long[0]);
        Assert.Same(term, TermArithmetic.Total(new[] { term }));
        Assert.Contains("at least one term", Assert.ThrowsAny<ArgumentException>(() => TermArithmetic.Total(Array.Empty<Tensor>())).Message);
    }
    [Fact]
    public void Total_leaves_its_terms_as_they_were()
    {
        // The partial sums are added to in place: never a caller's tensor.
        using var scope = torch.NewDisposeScope();
        var terms = Terms(6, 11);
        var before = terms.Select(t => t.detach().clone()).ToArray();
        TermArithmetic.Total(terms);
        TermArithmetic.Total(terms[0], terms[1], terms[2]);
        for (int i = 0; i < terms.Length; i++)
            Assert.True(Same(before[i], terms[i].detach()), $"term {i} changed");
    }

    [Fact]
    public void Total_of_mixed_dtypes_and_shapes_is_what_the_operators_give()
    {
        // A float32 partial sum meeting a float64 term, and a [1]-shaped term after scalars: in place cannot hold
        // those results, so the sum is a new tensor, as with the operators.
        using var scope = torch.NewDisposeScope();
        var t = Terms(3, 5);
        var wide = torch.tensor(0.123456789012345, ScalarType.Float64).requires_grad_(true);
        var column = torch.tensor(new float[] { 0.25f }).requires_grad_(true);
        foreach (var terms in new[] { new[] { t[0], t[1], wide, t[2] }, new[] { t[0], t[1], column, t[2] }, new[] { t[0], wide, column } })
        {
            var expected = terms.Skip(1).Aggregate(terms[0], (sum, x) => sum + x);
            var actual = TermArithmetic.Total(terms);
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(Same(expected, actual), $"{actual.ToDouble():R} instead of {expected.ToDouble():R}");
            actual.sum().backward();
            Assert.All(terms, x => Assert.Equal(1.0, x.grad!.sum().ToDouble()));
            foreach (var x in terms) x.grad!.zero_();
        }
    }
}
