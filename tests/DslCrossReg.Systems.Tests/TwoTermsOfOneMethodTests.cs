using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// Scenario 4's margin loss and InfoNCE between the same two members: both terms are computed, each under its own
/// name (the first declared keeps <c>Contrastive(A,B)</c>), and the step trains on their sum.
/// </summary>
public class TwoTermsOfOneMethodTests
{
    private const long Seed = 77;
    private const int BatchSize = 8;

    private static Tensor X(int step, int which) => SyntheticBatches.Features(300 * step + which, BatchSize, 6);

    private static Tensor Y(int step, int which) => SyntheticBatches.Labels(300 * step + 50 + which, BatchSize, 3);

    private static Tensor Pairs(int step) => SyntheticBatches.PairLabels(300 * step + 99, BatchSize);

    private static MarginAndInfoNcePair.Batch Batch(int step) => new(X(step, 0), X(step, 1), Y(step, 0), Y(step, 1), Pairs(step));

    [Fact]
    public void Both_terms_are_named_by_form_and_computed_by_the_library_functions()
    {
        using var system = new MarginAndInfoNcePair(Seed);
        using var scope = torch.NewDisposeScope();
        using var loss = system.Loss(Batch(0));
        Assert.Equal(new[] { "A.task", "B.task", "Contrastive(A,B)", "Contrastive.InfoNce(A,B)" }, loss.Terms.Keys.OrderBy(k => k, StringComparer.Ordinal));

        var a = system.A.call(X(0, 0));
        var b = system.B.call(X(0, 1));
        double margin = (0.2 * ContrastiveLosses.Margin(a.Embedding, b.Embedding, Pairs(0), margin: 0.2)).ToDouble();
        double infoNce = (1.0 * ContrastiveLosses.InfoNce(a.Embedding, b.Embedding, temperature: 0.5, epsilon: 1e-8)).ToDouble();
        Assert.NotEqual(margin, infoNce);
        Assert.Equal(margin, loss.Terms["Contrastive(A,B)"].ToDouble());
        Assert.Equal(infoNce, loss.Terms["Contrastive.InfoNce(A,B)"].ToDouble());
        double tasks = loss.Terms["A.task"].ToDouble() + loss.Terms["B.task"].ToDouble();
        Assert.Equal(tasks + margin + infoNce, loss.Total.ToDouble(), 5);
    }

    [Fact]
    public void The_step_matches_a_hand_written_loop_with_both_terms()
    {
        using var system = new MarginAndInfoNcePair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.Adam(b.parameters(), 2e-3);

        for (int i = 0; i < 3; i++)
        {
            using var scope = torch.NewDisposeScope();
            var result = system.Step(Batch(i));

            optA.zero_grad();
            optB.zero_grad();
            var oa = a.call(X(i, 0));
            var ob = b.call(X(i, 1));
            var margin = 0.2 * ContrastiveLosses.Margin(oa.Embedding, ob.Embedding, Pairs(i), margin: 0.2);
            var infoNce = 1.0 * ContrastiveLosses.InfoNce(oa.Embedding, ob.Embedding, temperature: 0.5, epsilon: 1e-8);
            var total = cross_entropy(oa.Result, Y(i, 0)) + cross_entropy(ob.Result, Y(i, 1)) + margin + infoNce;
            total.backward();
            optA.step();
            optB.step();

            Assert.Equal(margin.ToDouble(), result.Terms["Contrastive(A,B)"]);
            Assert.Equal(infoNce.ToDouble(), result.Terms["Contrastive.InfoNce(A,B)"]);
            Assert.Equal(total.ToDouble(), result.Total);
        }

        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void The_loss_graph_shows_each_term_under_its_name()
    {
        string graph = MarginAndInfoNcePair.LossGraph;
        Assert.Contains("term0([\"Contrastive(A,B) Margin × 0.2\"])", graph, StringComparison.Ordinal);
        Assert.Contains("term1([\"Contrastive.InfoNce(A,B) × 1.0\"])", graph, StringComparison.Ordinal);
        foreach (var term in new[] { "term0", "term1" })
            foreach (var member in new[] { "A", "B" })
                Assert.Contains(term + " -. grad .-> " + member, graph, StringComparison.Ordinal);
    }
}
