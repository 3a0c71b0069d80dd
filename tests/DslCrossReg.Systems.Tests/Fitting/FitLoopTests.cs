using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DslCrossReg.Checkpoints;
using DslCrossReg.Fitting;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Systems.Tests.Fitting;

/// <summary>Fit against a hand-written loop, and resuming and cancelling it.</summary>
public sealed class FitLoopTests
{
    private const int Epochs = 3;
    private const int PerEpoch = 7; // 50 samples in batches of 8, the last one of 2 kept

    /// <summary>The loop a user writes: one generator seeded 7, one randperm per epoch, batches of 8, the last partial one kept.</summary>
    private static List<IReadOnlyDictionary<string, double>> HandWritten(ResumablePair system, FitData data, int epochs, Action<long>? beforeStep = null)
    {
        var terms = new List<IReadOnlyDictionary<string, double>>();
        using var generator = new torch.Generator(7);
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var order = torch.randperm(FitData.Count, generator: generator);
            for (long start = 0; start < FitData.Count; start += FitData.BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                beforeStep?.Invoke(step++);
                terms.Add(system.Step(data.Select(order.narrow(0, start, Math.Min(FitData.BatchSize, FitData.Count - start)))).Terms);
            }
        }
        return terms;
    }

    [Fact]
    public void Fit_over_tensors_in_memory_gives_the_hand_written_loops_losses_and_parameters_bit_for_bit_and_their_means()
    {
        using var data = new FitData();
        using var expected = new ResumablePair(seed: 5);
        var handTerms = HandWritten(expected, data, Epochs);

        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        var options = FitOptions.For(system);
        options.Epochs = Epochs;
        var history = system.Fit(source, options);

        Assert.Equal(FitStopReason.Completed, history.StopReason);
        Assert.Equal(Epochs * PerEpoch, history.Steps.Count);
        Assert.Equal(handTerms, Terms.Of(history));
        Assert.Equal(expected.StepCount, system.StepCount);
        ParameterState.AssertSame(expected.A, system.A, "A");
        ParameterState.AssertSame(expected.B, system.B, "B");
        Assert.Equal(Enumerable.Range(0, Epochs).SelectMany(e => Enumerable.Range(0, PerEpoch).Select(b => (e, (long)b))),
            history.Steps.Select(s => (s.Epoch, s.BatchInEpoch)));

        // Each term's mean over the last steps, against the hand-written loop's terms averaged here.
        foreach (int last in new[] { 1, 5, handTerms.Count, handTerms.Count + 10 })
        {
            var means = history.TermMeans(last);
            Assert.Equal(handTerms[0].Keys.OrderBy(k => k, StringComparer.Ordinal), means.Keys.OrderBy(k => k, StringComparer.Ordinal));
            int from = Math.Max(0, handTerms.Count - last);
            foreach (string term in handTerms[0].Keys)
            {
                double sum = 0;
                for (int i = from; i < handTerms.Count; i++) sum += handTerms[i][term];
                Assert.Equal(sum / (handTerms.Count - from), means[term], 12);
            }
        }
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => history.TermMeans(0));
    }

    [Fact]
    public void Fit_over_a_users_enumerable_gives_the_same_steps_as_stepping_through_it()
    {
        using var data = new FitData();
        var batches = Enumerable.Range(0, 4).Select(i => data.Select(torch.arange(i * 10, (i * 10) + 10, dtype: torch.ScalarType.Int64))).ToList();
        using var expected = new ResumablePair(seed: 9);
        var handTerms = new List<IReadOnlyDictionary<string, double>>();
        for (int epoch = 0; epoch < 2; epoch++)
            foreach (var batch in batches) handTerms.Add(expected.Step(batch).Terms);

        using var system = new ResumablePair(seed: 9);
        var options = FitOptions.For(system);
        options.Epochs = 2;
        var history = system.Fit(BatchSource.FromEnumerable(batches), options);

        Assert.Equal(handTerms, Terms.Of(history));
        ParameterState.AssertSame(expected.A, system.A, "A");
        ParameterState.AssertSame(expected.B, system.B, "B");
    }

    [Fact]
    public void Drop_last_leaves_out_the_partial_batch_and_the_order_follows_the_seed()
    {
        using var data = new FitData();
        using var dropping = data.Source(dropLast: true);
        Assert.Equal(6, dropping.BatchesPerEpoch);
        Assert.Equal(6, dropping.Epoch(0).Count());
        using var keeping = data.Source();
        Assert.Equal(7, keeping.BatchesPerEpoch);

        // Epoch e's order is the (e + 1)-th randperm of a generator seeded 7, whichever epoch is asked for first.
        using var generator = new torch.Generator(7);
        var first = torch.randperm(FitData.Count, generator: generator);
        var second = torch.randperm(FitData.Count, generator: generator);
        Assert.True(ParameterState.BitEqual(second, keeping.Order(1)));
        Assert.True(ParameterState.BitEqual(first, keeping.Order(0)));
        Assert.True(ParameterState.BitEqual(second, keeping.Order(1)));
        Assert.False(ParameterState.BitEqual(first, second));
        using var unshuffled = BatchSource.InMemory(FitData.Count, FitData.BatchSize, data.Select, shuffle: false);
        Assert.True(ParameterState.BitEqual(torch.arange(FitData.Count, dtype: torch.ScalarType.Int64), unshuffled.Order(2)));
    }

    [Fact]
    public void A_run_cancelled_mid_epoch_leaves_a_checkpoint_that_resumes_to_the_uninterrupted_runs_losses_bit_for_bit()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        using var uninterrupted = new ResumablePair(seed: 5);
        using var all = data.Source();
        var full = uninterrupted.Fit(all, new FitOptions<ResumablePair.Batch, ResumablePair.Outputs> { Epochs = Epochs });

        // Cancelled after step 10 (the fourth batch of the second epoch): it stops before step 11.
        using var cancellation = new CancellationTokenSource();
        using (var first = new ResumablePair(seed: 5))
        using (var source = data.Source())
        {
            var options = FitOptions.For(first);
            options.Epochs = Epochs;
            options.Checkpoints = new CheckpointOptions(directory.Path) { EveryEpochs = 0 };
            options.Observers.Add(new OnStepObserver(step => { if (step.Step == 10) cancellation.Cancel(); }));
            var cancelled = first.Fit(source, options, cancellation.Token);
            Assert.Equal(FitStopReason.Cancelled, cancelled.StopReason);
            Assert.Equal(11, cancelled.Steps.Count);
            Assert.Equal(full.Steps.Take(11).Select(s => s.Result.Terms), Terms.Of(cancelled));
            Assert.Equal(options.Checkpoints.LastPath, cancelled.LastCheckpoint);
        }

        // A fresh instance seeded otherwise, a fresh source: everything comes from the checkpoint.
        using var resumed = new ResumablePair(seed: 12345);
        using var again = data.Source();
        var rest = resumed.Fit(again, new FitOptions<ResumablePair.Batch, ResumablePair.Outputs> { Epochs = Epochs, ResumeFrom = directory["last.dcrckpt"] });
        Assert.Equal(FitStopReason.Completed, rest.StopReason);
        Assert.Equal(11, rest.Steps[0].Step);
        Assert.Equal((1, 4L), (rest.Steps[0].Epoch, rest.Steps[0].BatchInEpoch));
        Assert.Equal(full.Steps.Skip(11).Select(s => s.Result.Terms), Terms.Of(rest));
        ParameterState.AssertSame(uninterrupted.A, resumed.A, "A");
        ParameterState.AssertSame(uninterrupted.B, resumed.B, "B");
    }

    [Fact]
    public void A_checkpoint_every_two_epochs_is_saved_after_the_second_not_the_first_or_third()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        using var system = new ResumablePair(seed: 3);
        using var source = data.Source();
        var options = FitOptions.For(system);
        options.Epochs = Epochs;
        options.Checkpoints = new CheckpointOptions(directory.Path) { EveryEpochs = 2 };
        system.Fit(source, options);

        using var saved = new ResumablePair(seed: 1);
        var position = ((ITrainingControls)saved).CheckpointState().LoadWithPosition(options.Checkpoints.LastPath);
        Assert.Equal(2 * PerEpoch, saved.StepCount);
        Assert.Equal(2, position!.Epoch);
    }

    [Fact]
    public void Resuming_from_an_epochs_checkpoint_or_a_step_checkpoint_continues_exactly()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        using var uninterrupted = new ResumablePair(seed: 3);
        using var all = data.Source();
        var full = uninterrupted.Fit(all, new FitOptions<ResumablePair.Batch, ResumablePair.Outputs> { Epochs = Epochs });

        // One epoch, saved at its end as the start of the next.
        using (var first = new ResumablePair(seed: 3))
        using (var source = data.Source())
        {
            var options = FitOptions.For(first);
            options.Checkpoints = new CheckpointOptions(directory.Path);
            first.Fit(source, options);
        }
        using (var resumed = new ResumablePair(seed: 77))
        using (var source = data.Source())
        {
            var rest = resumed.Fit(source, new FitOptions<ResumablePair.Batch, ResumablePair.Outputs> { Epochs = Epochs, ResumeFrom = directory["last.dcrckpt"] });
            Assert.Equal(full.Steps.Skip(PerEpoch).Select(s => s.Result.Terms), Terms.Of(rest));
            ParameterState.AssertSame(uninterrupted.A, resumed.A, "A");
        }

        // Every 5 steps, the run ending (completed) after step 15: the last save was after step 15.
        using (var first = new ResumablePair(seed: 3))
        using (var source = data.Source())
        {
            var options = FitOptions.For(first);
            options.Epochs = Epochs;
            options.Checkpoints = new CheckpointOptions(directory.Path) { EverySteps = 5, EveryEpochs = 0 };
            using var stop = new CancellationTokenSource();
            options.Checkpoints.OnCancel = false;
            options.Observers.Add(new OnStepObserver(step => { if (step.Step == 17) stop.Cancel(); }));
            first.Fit(source, options, stop.Token);
        }
        using (var resumed = new ResumablePair(seed: 78))
        using (var source = data.Source())
        {
            var rest = resumed.Fit(source, new FitOptions<ResumablePair.Batch, ResumablePair.Outputs> { Epochs = Epochs, ResumeFrom = directory["last.dcrckpt"] });
            Assert.Equal(15, rest.Steps[0].Step);
            Assert.Equal(full.Steps.Skip(15).Select(s => s.Result.Terms), Terms.Of(rest));
            ParameterState.AssertSame(uninterrupted.B, resumed.B, "B");
        }
    }

    [Fact]
    public void A_run_cancelled_before_its_first_step_takes_none_and_its_checkpoint_loads()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        var options = FitOptions.For(system);
        options.Checkpoints = new CheckpointOptions(directory.Path);
        var history = system.Fit(source, options, new CancellationToken(canceled: true));
        Assert.Equal(FitStopReason.Cancelled, history.StopReason);
        Assert.Empty(history.Steps);
        using var other = new ResumablePair(seed: 6);
        var position = ((DslCrossReg.Training.ITrainingControls)other).CheckpointState().LoadWithPosition(directory["last.dcrckpt"]);
        Assert.Equal(new LoopPosition(0, 0, 0, double.NaN, 0, double.NaN), position);
        ParameterState.AssertSame(system.A, other.A, "A");
    }

    [Fact]
    public void A_checkpoint_of_Fit_loads_with_the_systems_own_Load_and_a_plain_one_is_refused_for_resuming_without_loading()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        var options = FitOptions.For(system);
        options.Checkpoints = new CheckpointOptions(directory.Path);
        system.Fit(source, options);

        using var plain = new ResumablePair(seed: 6);
        plain.Load(directory["last.dcrckpt"]);
        Assert.Equal(PerEpoch, plain.StepCount);

        system.Save(directory["plain.dcrckpt"]);
        using var other = new ResumablePair(seed: 6);
        var before = ParameterState.Copy(other.A);
        var error = Assert.Throws<CheckpointException>(() => other.Fit(source, new FitOptions<ResumablePair.Batch, ResumablePair.Outputs> { ResumeFrom = directory["plain.dcrckpt"] }));
        Assert.Contains("has no loop position", error.Message);
        Assert.Contains("nothing was loaded", error.Message);
        // Refused before anything was loaded: the system is the one it was (the checkpoint's parameters and step count differ).
        Assert.Equal(0, other.StepCount);
        ParameterState.AssertSame(before, other.A, "A after the refused resume");
    }
}
