using System.Collections.Generic;
using DslCrossReg.Losses;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// Scenario 1's advice, automated: OverRegularized (and StepResult.Warnings) when a cross term outweighs the task
/// losses it accompanies more than 10×, and only then; and a warm-up that ramps a term's weight from 0.
/// </summary>
public class MagnitudeWarningTests
{
    private const long Seed = 19;
    private const int BatchSize = 8;
    private const string Term = "EmbeddingDistance(A,B)";

    [Fact]
    public void Over_regularized_fires_exactly_when_the_term_exceeds_ten_times_the_task_losses()
    {
        // The members are linear and their outputs standardised: the task losses stay near 1 at any input scale,
        // the embedding distance grows with it, so the sweep crosses the 10× line.
        var targets = SyntheticBatches.Features(2, BatchSize, 3);
        var outcomes = new List<bool>();
        foreach (double scale in new[] { 1e-3, 1e-1, 1.0, 3.0, 10.0, 30.0, 100.0, 1e3 })
        {
            using var system = new ScaleSensitivePair(Seed);
            var raised = new List<MagnitudeWarning>();
            system.OverRegularized += (sender, warning) =>
            {
                Assert.Same(system, sender);
                raised.Add(warning);
            };

            var result = system.Step(new ScaleSensitivePair.Batch(scale * SyntheticBatches.Features(1, BatchSize, 4), targets, targets));

            double tasks = result.Terms["A.task"] + result.Terms["B.task"];
            bool over = result.Terms[Term] > 10 * tasks;
            outcomes.Add(over);
            Assert.Equal(result.Warnings, raised);
            if (!over)
            {
                Assert.Empty(raised);
                continue;
            }
            var warning = Assert.Single(raised);
            Assert.Equal(Term, warning.Term);
            Assert.Equal(result.Terms[Term], warning.Value);
            Assert.Equal(tasks, warning.TaskLoss, 12);
            Assert.Equal(10, warning.Ratio);
            Assert.Contains(Term, warning.ToString(), System.StringComparison.Ordinal);
        }
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }

    [Fact]
    public void Warm_up_ramps_the_weight_linearly_from_zero()
    {
        var xa = SyntheticBatches.Features(3, BatchSize, 6);
        var xb = SyntheticBatches.Features(4, BatchSize, 6);
        var ya = SyntheticBatches.Labels(5, BatchSize, 3);
        var yb = SyntheticBatches.Labels(6, BatchSize, 3);
        var batch = new WarmedUpPair.Batch(xa, xb, ya, yb);
        using var system = new WarmedUpPair(Seed);

        // Step 1: the term is exactly 0, and so is its pull: the step is the task losses' alone.
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.Adam(b.parameters(), 1e-3);
        var first = system.Step(batch);
        Assert.Equal(0.0, first.Terms[Term]);
        (cross_entropy(a.call(xa).Result, ya) + cross_entropy(b.call(xb).Result, yb)).backward();
        optA.step();
        optB.step();
        ParameterState.AssertSame(a, system.A, "A after a step with the term at weight 0");
        ParameterState.AssertSame(b, system.B, "B after a step with the term at weight 0");

        // Steps 2..6: weight 1/4, 2/4, 3/4, then the full 1.
        foreach (var factor in new[] { 0.25, 0.5, 0.75, 1.0, 1.0 })
        {
            double distance = EmbeddingLosses.Distance(system.A.call(xa).Embedding, system.B.call(xb).Embedding).ToDouble();
            var result = system.Step(batch);
            Assert.Equal(factor * distance, result.Terms[Term], 6);
            Assert.True(result.Terms[Term] > 0);
        }
    }
}
