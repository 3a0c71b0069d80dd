using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Checkpoints;
using DslCrossReg.Fitting;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Systems.Tests.Fitting;

/// <summary>Learning-rate and loss-weight schedules, early stopping and the best checkpoint.</summary>
public sealed class SchedulesAndStoppingTests
{
    private const string Term = "EmbeddingDistance(A,B)";

    [Fact]
    public void Schedules_give_the_hand_computed_factors()
    {
        var decay = Schedule.StepDecay(3, 0.5);
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 0.5, 0.5, 0.25 }, new long[] { 0, 1, 2, 3, 5, 6 }.Select(decay.Factor));
        // 0.1 + 0.9·(1 + cos(π·s/4))/2: s = 0 → 1, s = 2 → 0.55, s ≥ 4 → 0.1.
        var cosine = Schedule.Cosine(4, 0.1);
        Assert.Equal(1.0, cosine.Factor(0), 15);
        Assert.Equal(0.55, cosine.Factor(2), 15);
        Assert.Equal(0.1 + (0.9 * (1 + Math.Sqrt(0.5)) / 2), cosine.Factor(1), 15);
        Assert.Equal(0.1, cosine.Factor(4), 15);
        Assert.Equal(0.1, cosine.Factor(40), 15);
        var ramp = Schedule.Ramp(4);
        Assert.Equal(new[] { 0.0, 0.25, 0.5, 0.75, 1.0, 1.0 }, new long[] { 0, 1, 2, 3, 4, 100 }.Select(ramp.Factor));
        Assert.Equal(0.6, Schedule.Ramp(4, start: 0.2).Factor(2), 15);
        // Warm-up over 4 steps ((s + 1)/4), then a step decay counted from step 4.
        var warm = Schedule.LinearWarmup(4, Schedule.StepDecay(2, 0.1));
        Assert.Equal(new[] { 0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 0.1, 0.1 }, new long[] { 0, 1, 2, 3, 4, 5, 6, 7 }.Select(warm.Factor).Select(v => Math.Round(v, 12)));
        Assert.Equal(1.0, Schedule.LinearWarmup(2).Factor(9));
        Assert.Equal(0.3, Schedule.Constant(0.3).Factor(5));
    }

    [Fact]
    public void Fit_sets_each_scheduled_learning_rate_and_weight_before_its_step_as_a_hand_written_loop_would()
    {
        using var data = new FitData();
        var rate = Schedule.LinearWarmup(3, Schedule.Cosine(10, 0.2));
        var weight = Schedule.Ramp(5, start: 0.4);

        using var expected = new ResumablePair(seed: 5);
        var handTerms = new List<IReadOnlyDictionary<string, double>>();
        using (var generator = new torch.Generator(7))
        {
            for (int epoch = 0; epoch < 2; epoch++)
            {
                using var order = torch.randperm(FitData.Count, generator: generator);
                for (long start = 0, step = epoch * 7; start < FitData.Count; start += FitData.BatchSize, step++)
                {
                    using var scope = torch.NewDisposeScope();
                    expected.SetLearningRate("B", 0.05 * rate.Factor(step));
                    expected.SetTermWeightScale(Term, weight.Factor(step));
                    handTerms.Add(expected.Step(data.Select(order.narrow(0, start, Math.Min(FitData.BatchSize, FitData.Count - start)))).Terms);
                }
            }
        }

        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        var options = FitOptions.For(system);
        options.Epochs = 2;
        options.LearningRates["B"] = rate;
        options.TermWeights[Term] = weight;
        var history = system.Fit(source, options);

        Assert.Equal(handTerms, Terms.Of(history));
        ParameterState.AssertSame(expected.B, system.B, "B");
        // The rates and weights in force, step by step: B's from the schedule, A's as declared (Adam's default 1e-3).
        for (int s = 0; s < history.Steps.Count; s++)
        {
            Assert.Equal(0.05 * rate.Factor(s), history.Steps[s].LearningRates["B"]);
            Assert.Equal(0.001, history.Steps[s].LearningRates["A"]);
            Assert.Equal(weight.Factor(s), history.Steps[s].TermWeightScales[Term]);
        }
        Assert.Equal(0.05 / 3, history.Steps[0].LearningRates["B"], 15);
        Assert.Equal(0.4, history.Steps[0].TermWeightScales[Term]);
        Assert.Equal(0.4 + (0.6 * 2 / 5), history.Steps[2].TermWeightScales[Term], 15);
    }

    [Fact]
    public void A_learning_rate_set_on_a_system_is_the_one_its_optimizer_steps_with()
    {
        var batch = new EmbeddingPair.Batch(SyntheticBatches.Features(1, 8, 6), SyntheticBatches.Features(2, 8, 6), SyntheticBatches.Labels(3, 8, 3), SyntheticBatches.Labels(4, 8, 3));
        using var system = new EmbeddingPair(seed: 2);
        Assert.Equal(new Dictionary<string, double> { ["A"] = 1e-2, ["B"] = 0.05 }, system.DeclaredLearningRates);
        Assert.Equal(0.05, system.GetLearningRate("B"));

        // Learning rate 0: neither Adam (A) nor SGD (B) moves a parameter.
        var a = ParameterState.Copy(system.A);
        var b = ParameterState.Copy(system.B);
        system.SetLearningRate("A", 0);
        system.SetLearningRate("B", 0);
        system.Step(batch);
        ParameterState.AssertSame(a, system.A, "A at rate 0");
        ParameterState.AssertSame(b, system.B, "B at rate 0");

        // SGD's first step (no momentum history yet) moves B by rate × gradient: twice the rate, twice the move.
        using var once = new EmbeddingPair(seed: 2);
        using var twice = new EmbeddingPair(seed: 2);
        twice.SetLearningRate("B", 0.1);
        var start = ParameterState.Copy(once.B);
        once.Step(batch);
        twice.Step(batch);
        using var moveOnce = once.B.parameters().First().detach() - start[0].Value;
        using var moveTwice = twice.B.parameters().First().detach() - start[0].Value;
        // To float precision: p − 0.1·g − p is rounded at the parameters' scale, not the move's.
        Assert.True(torch.allclose(moveTwice, moveOnce * 2, rtol: 1e-3, atol: 1e-6));
        Assert.False(torch.allclose(moveTwice, moveOnce, rtol: 1e-2, atol: 0));
        Assert.ThrowsAny<ArgumentException>(() => system.SetLearningRate("C", 1));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => system.SetLearningRate("A", double.NaN));
    }

    [Fact]
    public void A_term_weight_scale_multiplies_the_declared_weight_and_1_changes_nothing()
    {
        var batch = new EmbeddingPair.Batch(SyntheticBatches.Features(1, 8, 6), SyntheticBatches.Features(2, 8, 6), SyntheticBatches.Labels(3, 8, 3), SyntheticBatches.Labels(4, 8, 3));
        using var system = new EmbeddingPair(seed: 2);
        Assert.Equal(new Dictionary<string, double> { [Term] = 0.1 }, system.DeclaredTermWeights);
        Assert.Equal(1.0, system.GetTermWeightScale(Term));
        double declared;
        using (var loss = system.Loss(batch)) declared = loss.ToDoubles()[Term];
        // The distance itself, hand-computed: mean over samples of ‖e_A − e_B‖₂, times 0.1.
        using (var noGrad = torch.no_grad())
        {
            var distance = (system.A.call(batch.A).Embedding - system.B.call(batch.B).Embedding).pow(2).sum(1).sqrt().mean().ToDouble();
            Assert.Equal(0.1 * distance, declared, 6);
        }
        system.SetTermWeightScale(Term, 2.5);
        using (var loss = system.Loss(batch)) Assert.Equal(2.5 * declared, loss.ToDoubles()[Term], 6);
        system.SetTermWeightScale(Term, 0);
        using (var loss = system.Loss(batch)) Assert.Equal(0.0, loss.ToDoubles()[Term]);
        system.SetTermWeightScale(Term, 1);
        using (var loss = system.Loss(batch)) Assert.Equal(declared, loss.ToDoubles()[Term]);
        Assert.ThrowsAny<ArgumentException>(() => system.SetTermWeightScale("Contrastive(A,B)", 1));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => system.SetTermWeightScale(Term, -1));
    }

    [Fact]
    public void Fit_schedules_a_custom_terms_weight_as_a_hand_written_loop_would()
    {
        const string Correlation = "Correlation(A,B)";
        using var data = new FitData();
        CorrelatedPair.Batch Select(torch.Tensor i) => new(data.A.index_select(0, i), data.B.index_select(0, i), ATarget: data.Labels.index_select(0, i));
        var weight = Schedule.Ramp(4);

        using var expected = new CorrelatedPair(seed: 5);
        var handTerms = new List<IReadOnlyDictionary<string, double>>();
        for (long start = 0, step = 0; start < FitData.Count; start += FitData.BatchSize, step++)
        {
            using var scope = torch.NewDisposeScope();
            expected.SetTermWeightScale(Correlation, weight.Factor(step));
            handTerms.Add(expected.Step(Select(torch.arange(start, Math.Min(start + FitData.BatchSize, FitData.Count)))).Terms);
        }

        using var system = new CorrelatedPair(seed: 5);
        using var source = BatchSource.InMemory(FitData.Count, FitData.BatchSize, Select, shuffle: false);
        var options = FitOptions.For(system);
        options.TermWeights[Correlation] = weight;
        var history = system.Fit(source, options);

        Assert.Equal(7, history.Steps.Count);
        Assert.Equal(handTerms, Terms.Of(history));
        ParameterState.AssertSame(expected.B, system.B, "B");
        for (int s = 0; s < history.Steps.Count; s++)
        {
            Assert.Equal(weight.Factor(s), history.Steps[s].TermWeightScales[Correlation]);
            Assert.Equal(1.0, history.Steps[s].TermWeightScales["EmbeddingDistance(A,B)"]);
        }
        // The ramp starts at 0: the first step's term is 0 whatever the correlation; then it is not.
        Assert.Equal(0.0, history.Steps[0].Result.Terms[Correlation]);
        Assert.NotEqual(0.0, history.Steps[1].Result.Terms[Correlation]);
        Assert.Equal(1.0, history.Steps[6].TermWeightScales[Correlation]);
    }

    /// <summary>A metric whose value at the n-th validation pass is values[n] (the validation data is one batch).</summary>
    private static FitOptions<ResumablePair.Batch, ResumablePair.Outputs> Crafted(ResumablePair system, FitData data, double[] values, out List<int> passes)
    {
        var seen = new List<int>();
        passes = seen;
        var options = FitOptions.For(system);
        options.Validation = BatchSource.InMemory(FitData.Count, FitData.Count, data.Select, shuffle: false);
        options.Metrics["crafted"] = (outputs, batch) =>
        {
            seen.Add(seen.Count);
            return (values[seen.Count - 1], 1);
        };
        return options;
    }

    [Theory]
    [InlineData(MetricGoal.Minimize, new[] { 5.0, 4.0, 4.5, 3.98, 3.0, 2.0 }, 4)] // 4.5, 3.98 (not below 4 − 0.05): stop after pass 4
    [InlineData(MetricGoal.Maximize, new[] { 0.1, 0.2, 0.26, 0.3, 0.305, 0.28, 0.9 }, 6)] // 0.26 improves by 0.06; 0.3, 0.305, 0.28 do not
    public void Early_stopping_stops_at_the_epoch_its_patience_runs_out(MetricGoal goal, double[] values, int epochs)
    {
        using var data = new FitData();
        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        var options = Crafted(system, data, values, out var passes);
        options.Epochs = 10;
        options.EarlyStopping = new EarlyStopping("crafted", Patience: goal == MetricGoal.Minimize ? 2 : 3, goal, MinDelta: 0.05);
        var history = system.Fit(source, options);
        Assert.Equal(FitStopReason.EarlyStopped, history.StopReason);
        Assert.Equal(epochs, history.Validations.Count);
        Assert.Equal(epochs * 7, history.Steps.Count);
        Assert.Equal(values.Take(epochs), history.Validations.Select(v => v.Metrics["crafted"]));
        Assert.All(history.Validations, v => Assert.True(v.EndOfEpoch));
    }

    [Theory]
    [InlineData(MetricGoal.Minimize)]
    [InlineData(MetricGoal.Maximize)]
    public void A_metric_that_only_equals_the_best_is_no_improvement(MetricGoal goal)
    {
        using var data = new FitData();
        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        // 2.0 is the best from the first pass on; the two equal passes after it use up a patience of 2.
        var options = Crafted(system, data, new[] { 2.0, 2.0, 2.0, 2.0, 2.0 }, out _);
        options.Epochs = 5;
        options.EarlyStopping = new EarlyStopping("crafted", Patience: 2, goal, MinDelta: 0);
        var history = system.Fit(source, options);
        Assert.Equal(FitStopReason.EarlyStopped, history.StopReason);
        Assert.Equal(3, history.Validations.Count);
    }

    [Fact]
    public void The_best_checkpoint_is_saved_when_the_metric_improves_and_holds_that_position()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        // Validated every 3 steps and at each epoch's end (steps 3, 6, 7, 9, 12, 14): best at the third pass.
        var options = Crafted(system, data, new[] { 3.0, 2.0, 1.0, 1.5, 2.5, 1.2 }, out _);
        options.Epochs = 2;
        options.ValidateEverySteps = 3;
        options.Checkpoints = new CheckpointOptions(directory.Path) { BestMetric = "crafted", EveryEpochs = 0 };
        var history = system.Fit(source, options);
        Assert.Equal(new long[] { 3, 6, 7, 9, 12, 14 }, history.Validations.Select(v => v.Step));
        Assert.Equal(new[] { false, false, true, false, false, true }, history.Validations.Select(v => v.EndOfEpoch));
        Assert.Equal(options.Checkpoints.BestPath, history.BestCheckpoint);

        using var best = new ResumablePair(seed: 1);
        var position = ((ITrainingControls)best).CheckpointState().LoadWithPosition(options.Checkpoints.BestPath);
        // Saved by the epoch's end validation, after it: as the start of the next epoch, so a resume does not repeat it.
        Assert.Equal(new LoopPosition(7, 1, 0, double.NaN, 0, 1.0), position);
        Assert.Equal(7, best.StepCount);
    }

    [Fact]
    public void Options_naming_what_the_system_lacks_are_refused_before_any_step()
    {
        using var data = new FitData();
        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        var options = FitOptions.For(system);
        options.LearningRates["C"] = Schedule.Constant();
        Assert.Contains("'C'", Assert.ThrowsAny<ArgumentException>(() => system.Fit(source, options)).Message);
        options.LearningRates.Clear();
        options.TermWeights["Contrastive(A,B)"] = Schedule.Constant();
        Assert.ThrowsAny<ArgumentException>(() => system.Fit(source, options));
        options.TermWeights.Clear();
        options.EarlyStopping = new EarlyStopping("accuracy", 2);
        Assert.Contains("Validation", Assert.ThrowsAny<ArgumentException>(() => system.Fit(source, options)).Message);
        Assert.Equal(0, system.StepCount);
    }
}
