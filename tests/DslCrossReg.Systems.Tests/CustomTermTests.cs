using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// A term of the user's own ([CrossTerm]) against independent references: its value in the step's terms against the
/// formula computed by hand in doubles, its gradient against central finite differences of the value the system
/// reports, its Detach against the gradient it leaves in the detached member, and a non-finite value against the
/// step's refusal; its weight scale (ITrainingControls) against the value and gradient at the declared weight and
/// against a twin system without the term.
/// </summary>
public class CustomTermTests
{
    private const long Seed = 31;
    private const int BatchSize = 8;
    private const string Correlation = "Correlation(A,B)";

    private static readonly Tensor Xa = SyntheticBatches.Features(41, BatchSize, 6);
    private static readonly Tensor Xb = SyntheticBatches.Features(42, BatchSize, 6);
    private static readonly Tensor Ya = SyntheticBatches.Labels(43, BatchSize, 3);
    private static readonly Tensor Yb = SyntheticBatches.Labels(44, BatchSize, 3);

    [Fact]
    public void The_step_reports_the_methods_value_times_its_weight()
    {
        using var system = new CorrelatedPair(Seed);
        double expected;
        using (torch.no_grad())
            expected = 0.25 * HandDecorrelation(Rows(system.A.call(Xa).Embedding), Rows(system.B.call(Xb).Embedding));

        var result = system.Step(new CorrelatedPair.Batch(Xa, Xb, ATarget: Ya));

        Assert.True(result.Applied);
        Assert.Equal(new[] { "A.task", Correlation, "EmbeddingDistance(A,B)" }, result.Terms.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.True(Math.Abs(expected) > 0.05, "the term should not be near zero: " + expected);
        Assert.Equal(expected, result.Terms[Correlation], 5);
        Assert.Equal(result.Terms["A.task"] + result.Terms[Correlation], result.Total, 5);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_terms_gradient_matches_central_finite_differences_in_both_members()
    {
        using var system = new CorrelatedPair(Seed);
        var batch = new CorrelatedPair.Batch(Xa, Xb, ATarget: Ya);
        var analytic = TermGradients(system.A, system.B, () => system.Loss(batch), Correlation);

        foreach (var (member, module) in new[] { ("A", (nn.Module)system.A), ("B", system.B) })
        {
            var numeric = FiniteDifferences(module, () => system.Loss(batch), Correlation, h: 5e-3);
            var g = analytic[member];
            double norm = Math.Sqrt(g.Sum(v => v * v));
            double error = Math.Sqrt(g.Zip(numeric, (a, n) => (a - n) * (a - n)).Sum());
            Assert.True(norm > 1e-2, $"{member}: the term's gradient is too small to test ({norm}).");
            Assert.True(error < 1e-2 * norm, $"{member}: |finite differences − gradient| = {error}, |gradient| = {norm}.");
            Assert.True(g.Zip(numeric).All(p => Math.Abs(p.First - p.Second) < 1e-3 + 1e-2 * Math.Abs(p.Second)),
                $"{member}: worst entry {g.Zip(numeric).Max(p => Math.Abs(p.First - p.Second))}.");
        }
    }

    [Fact]
    public void Detach_stops_the_terms_gradient_into_the_detached_member_only()
    {
        using var plain = new CorrelatedPair(Seed);
        using var detached = new CorrelatedToDetached(Seed);
        var fromPlain = TermGradients(plain.A, plain.B, () => plain.Loss(new CorrelatedPair.Batch(Xa, Xb, ATarget: Ya)), Correlation);
        var fromDetached = TermGradients(detached.A, detached.B, () => detached.Loss(new CorrelatedToDetached.Batch(Xa, Xb, ATarget: Ya)), Correlation);

        Assert.All(fromDetached["B"], v => Assert.Equal(0.0, v));
        Assert.Contains(fromPlain["B"], v => v != 0);
        // A's gradient is the same whether B is detached or not: Detach changes routing, not the value.
        Assert.Equal(fromPlain["A"], fromDetached["A"]);
        // The value B's gradient would have is really there: the term depends on B's parameters.
        var numeric = FiniteDifferences(detached.B, () => detached.Loss(new CorrelatedToDetached.Batch(Xa, Xb, ATarget: Ya)), Correlation, h: 5e-3);
        Assert.Contains(numeric, v => Math.Abs(v) > 1e-3);

        // B learns only from the term (no task loss): detached, it never moves; A does.
        var bBefore = ParameterState.Copy(detached.B);
        var aBefore = ParameterState.Copy(detached.A);
        var plainBBefore = ParameterState.Copy(plain.B);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(detached.Step(new CorrelatedToDetached.Batch(Xa, Xb, ATarget: Ya)).Applied);
            Assert.True(plain.Step(new CorrelatedPair.Batch(Xa, Xb, ATarget: Ya)).Applied);
        }
        ParameterState.AssertSame(bBefore, detached.B, "detached B");
        ParameterState.AssertChanged(aBefore, detached.A, "A");
        ParameterState.AssertChanged(plainBBefore, plain.B, "B, not detached");
    }

    [Fact]
    public void The_loss_graph_and_magnitude_check_follow_the_routing()
    {
        Assert.Contains("B -- detached --> custom0", CorrelatedToDetached.LossGraph, StringComparison.Ordinal);
        Assert.DoesNotContain("custom0 -. grad .-> B", CorrelatedToDetached.LossGraph, StringComparison.Ordinal);
        Assert.Contains("custom0 -. grad .-> A", CorrelatedToDetached.LossGraph, StringComparison.Ordinal);
        Assert.Contains("B --> custom0", CorrelatedPair.LossGraph, StringComparison.Ordinal);
        Assert.Contains("custom0 -. grad .-> B", CorrelatedPair.LossGraph, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_custom_term_refuses_the_step_and_names_it()
    {
        using var system = new SpoilablePair(Seed);
        var batch = new SpoilablePair.Batch(Xa, Xb, Ya, Yb);
        var a = ParameterState.Copy(system.A);
        var b = ParameterState.Copy(system.B);
        try
        {
            SpoilablePair.Spoil = value => value * double.NaN;
            var refused = system.Step(batch);
            Assert.False(refused.Applied);
            Assert.Equal("Gap(A,B)", refused.NonFiniteTerm);
            Assert.True(double.IsNaN(refused.Terms["Gap(A,B)"]));
            Assert.Equal(0, system.StepCount);
            ParameterState.AssertSame(a, system.A, "A");
            ParameterState.AssertSame(b, system.B, "B");

            system.OnNonFinite = NonFinitePolicy.Throw;
            SpoilablePair.Spoil = value => value + double.PositiveInfinity;
            Assert.Equal("Gap(A,B)", Assert.Throws<NonFiniteStepException>(() => system.Step(batch)).Term);

            // A value that is not a scalar loss is refused too, before it is summed, naming the term.
            SpoilablePair.Spoil = value => value.expand(3);
            var error = Assert.Throws<InvalidOperationException>(() => system.Step(batch));
            Assert.Contains("'Gap(A,B)'", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, system.StepCount);
            ParameterState.AssertSame(a, system.A, "A");

            SpoilablePair.Spoil = value => value;
            var applied = system.Step(batch);
            Assert.True(applied.Applied);
            Assert.Equal(1, system.StepCount);
            ParameterState.AssertChanged(a, system.A, "A");
        }
        finally
        {
            SpoilablePair.Spoil = value => value;
        }
    }

    [Fact]
    public void Declared_term_weights_list_each_custom_term_with_its_weight_and_scale_1()
    {
        using var system = new CorrelatedPair(Seed);
        Assert.Equal(new Dictionary<string, double> { ["EmbeddingDistance(A,B)"] = 0.0, [Correlation] = 0.25 }, system.DeclaredTermWeights);
        Assert.Equal(1.0, system.GetTermWeightScale(Correlation));
        using var spoilable = new SpoilablePair(Seed);
        Assert.Equal(0.5, spoilable.DeclaredTermWeights["Gap(A,B)"]);
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => system.SetTermWeightScale(Correlation, -1));
        Assert.ThrowsAny<ArgumentException>(() => system.SetTermWeightScale("Correlation(B,A)", 1));
    }

    [Fact]
    public void A_scale_multiplies_the_reported_custom_term_and_its_gradient_and_1_changes_nothing()
    {
        using var system = new CorrelatedPair(Seed);
        var batch = new CorrelatedPair.Batch(Xa, Xb, ATarget: Ya);
        double declared;
        using (var loss = system.Loss(batch)) declared = loss.ToDoubles()[Correlation];
        var declaredGradients = TermGradients(system.A, system.B, () => system.Loss(batch), Correlation);

        // Halving a float is exact, so a scale of 0.5 halves the value and every gradient entry bit for bit.
        system.SetTermWeightScale(Correlation, 0.5);
        Assert.Equal(0.5, system.GetTermWeightScale(Correlation));
        Assert.Equal(1.0, system.GetTermWeightScale("EmbeddingDistance(A,B)"));
        using (var loss = system.Loss(batch)) Assert.Equal(0.5 * declared, loss.ToDoubles()[Correlation]);
        var halved = TermGradients(system.A, system.B, () => system.Loss(batch), Correlation);
        Assert.Equal(declaredGradients["A"].Select(v => 0.5 * v), halved["A"]);
        Assert.Equal(declaredGradients["B"].Select(v => 0.5 * v), halved["B"]);

        system.SetTermWeightScale(Correlation, 1);
        using (var loss = system.Loss(batch)) Assert.Equal(declared, loss.ToDoubles()[Correlation]);
    }

    [Fact]
    public void A_custom_term_scaled_to_0_trains_like_a_system_without_it()
    {
        using var scaled = new CorrelatedPair(Seed);
        using var declared = new CorrelatedPair(Seed);
        using var without = new UncorrelatedPair(Seed);
        scaled.SetTermWeightScale(Correlation, 0);
        var a = ParameterState.Copy(scaled.A);
        var b = ParameterState.Copy(scaled.B);

        var result = scaled.Step(new CorrelatedPair.Batch(Xa, Xb, ATarget: Ya));
        var reference = without.Step(new UncorrelatedPair.Batch(Xa, Xb, ATarget: Ya));
        Assert.True(declared.Step(new CorrelatedPair.Batch(Xa, Xb, ATarget: Ya)).Applied);

        Assert.True(result.Applied);
        Assert.Equal(0.0, result.Terms[Correlation]);
        Assert.Equal(reference.Terms["A.task"], result.Terms["A.task"]);
        Assert.Equal(reference.Total, result.Total);
        // B learns only from the term: at scale 0 it stays put; A moves as the system without the term moves it.
        ParameterState.AssertSame(b, scaled.B, "B at scale 0");
        ParameterState.AssertSame(without.A, scaled.A, "A at scale 0");
        // At the declared scale the term moves both, so the equalities above are not vacuous.
        ParameterState.AssertChanged(b, declared.B, "B at scale 1");
        ParameterState.AssertChanged(ParameterState.Copy(without.A), declared.A, "A at scale 1 against A without the term");
        ParameterState.AssertChanged(a, scaled.A, "A at scale 0");
    }

    [Fact]
    public void A_scale_composes_with_the_custom_terms_warm_up()
    {
        using var system = new WarmedGapPair(Seed);
        var batch = new WarmedGapPair.Batch(Xa, Xb, Ya, Yb);
        using (var loss = system.Loss(batch)) Assert.Equal(0.0, loss.ToDoubles()["Gap(A,B)"]);
        Assert.True(system.Step(batch).Applied);

        // One step into a warm-up of 4: 0.5 × 1/4 × mean((e_A − e_B)²), the gap computed here from the members.
        double gap;
        using (torch.no_grad())
            gap = (system.A.call(Xa).Embedding - system.B.call(Xb).Embedding).pow(2).mean().ToDouble();
        double warmed;
        using (var loss = system.Loss(batch)) warmed = loss.ToDoubles()["Gap(A,B)"];
        Assert.True(gap > 1e-3, "the gap should not be near zero: " + gap);
        Assert.Equal(0.5 * 0.25 * gap, warmed, 6);
        system.SetTermWeightScale("Gap(A,B)", 0.5);
        using (var loss = system.Loss(batch)) Assert.Equal(0.5 * warmed, loss.ToDoubles()["Gap(A,B)"]);
    }

    /// <summary>The gradient of one term alone, per member, as the step's backward computes it.</summary>
    private static Dictionary<string, double[]> TermGradients(nn.Module a, nn.Module b, Func<LossBreakdown> loss, string term)
    {
        foreach (var p in a.parameters().Concat(b.parameters())) p.grad?.zero_();
        using (var breakdown = loss()) breakdown.Terms[term].backward();
        double[] Flat(nn.Module m) => m.parameters().SelectMany(p => p.grad is null ? new double[p.numel()] : p.grad.to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
        return new Dictionary<string, double[]> { ["A"] = Flat(a), ["B"] = Flat(b) };
    }

    /// <summary>(term(θ + h) − term(θ − h)) / 2h for every parameter entry of <paramref name="module"/>.</summary>
    private static double[] FiniteDifferences(nn.Module module, Func<LossBreakdown> loss, string term, double h)
    {
        double Value()
        {
            using var breakdown = loss();
            return breakdown.Terms[term].ToDouble();
        }
        var result = new List<double>();
        foreach (var parameter in module.parameters())
        {
            var flat = parameter.detach().view(-1);
            for (long i = 0; i < flat.numel(); i++)
            {
                using var entry = flat[i];
                float original = entry.ToSingle();
                // The steps actually taken: θ ± h rounded to float32.
                float up = (float)(original + h), down = (float)(original - h);
                entry.fill_(up);
                double plus = Value();
                entry.fill_(down);
                double minus = Value();
                entry.fill_(original);
                result.Add((plus - minus) / ((double)up - down));
            }
        }
        return result.ToArray();
    }

    private static double[][] Rows(Tensor t)
    {
        var values = t.to_type(ScalarType.Float64).data<double>().ToArray();
        int columns = (int)t.shape[1];
        return Enumerable.Range(0, (int)t.shape[0]).Select(r => values.Skip(r * columns).Take(columns).ToArray()).ToArray();
    }

    /// <summary>1 − the mean over columns of the Pearson correlation over rows, ε = 1e-6 under the root, in doubles.</summary>
    private static double HandDecorrelation(double[][] x, double[][] y)
    {
        int n = x.Length, d = x[0].Length;
        double sum = 0;
        for (int j = 0; j < d; j++)
        {
            double mx = 0, my = 0;
            for (int i = 0; i < n; i++) { mx += x[i][j]; my += y[i][j]; }
            mx /= n;
            my /= n;
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < n; i++)
            {
                sxy += (x[i][j] - mx) * (y[i][j] - my);
                sxx += (x[i][j] - mx) * (x[i][j] - mx);
                syy += (y[i][j] - my) * (y[i][j] - my);
            }
            sum += sxy / Math.Sqrt(sxx * syy + 1e-6);
        }
        return 1 - sum / d;
    }
}
