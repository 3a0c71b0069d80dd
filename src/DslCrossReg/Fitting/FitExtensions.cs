using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DslCrossReg.Checkpoints;
using DslCrossReg.Training;
using TorchSharp;

namespace DslCrossReg.Fitting;

/// <summary>The training loop around a system's <c>Step</c>: <c>system.Fit(train, options)</c>.</summary>
public static class FitExtensions
{
    /// <summary>
    /// Trains <paramref name="system"/> on <paramref name="train"/> for <see cref="FitOptions{TBatch, TOutputs}.Epochs"/>
    /// epochs. Before each step the learning-rate and loss-weight schedules are applied (as functions of the loop's
    /// step index); each step runs in a dispose scope of its own, together with the making of its batch. Validation
    /// runs at each epoch's end (and every N steps when asked), early stopping and the best checkpoint follow it, and
    /// checkpoints hold the loop's position, so that <see cref="FitOptions{TBatch, TOutputs}.ResumeFrom"/> continues a
    /// run, even mid-epoch, with the losses the uninterrupted run would have had, bit for bit (on CPU, with a batch
    /// source that gives the same batches for the same epoch). Cancelling <paramref name="cancellationToken"/> stops
    /// the run before its next step and, when checkpoints are configured, saves the last one; the history then says
    /// <see cref="FitStopReason.Cancelled"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option names a member, term or metric the system or options lack.</exception>
    /// <exception cref="CheckpointException">The checkpoint to resume from is refused, or has no loop position.</exception>
    public static FitHistory Fit<TBatch, TOutputs>(
        this ITrainingSystem<TBatch, TOutputs> system,
        IBatchSource<TBatch> train,
        FitOptions<TBatch, TOutputs>? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentErrors.NotNull(system);
        ArgumentErrors.NotNull(train);
        options ??= new FitOptions<TBatch, TOutputs>();
        var controls = system as ITrainingControls;
        Check(options, controls);
        return new Loop<TBatch, TOutputs>(system, controls, train, options, cancellationToken).Run();
    }

    private static void Check<TBatch, TOutputs>(FitOptions<TBatch, TOutputs> options, ITrainingControls? controls)
    {
        if (options.Epochs < 1) throw ArgumentErrors.OutOfRange(nameof(options), options.Epochs, "Epochs must be 1 or more.");
        if (options.ValidateEverySteps < 0) throw ArgumentErrors.OutOfRange(nameof(options), options.ValidateEverySteps, "ValidateEverySteps must be 0 or more.");
        bool needsControls = options.LearningRates.Count > 0 || options.TermWeights.Count > 0 || options.Checkpoints is not null || options.ResumeFrom is not null;
        if (needsControls && controls is null)
            throw ArgumentErrors.Invalid("Schedules and checkpoints need a system that implements ITrainingControls (every generated system does).", nameof(options));
        if (controls is not null)
        {
            foreach (string member in options.LearningRates.Keys)
                if (!controls.DeclaredLearningRates.ContainsKey(member))
                    throw ArgumentErrors.Invalid($"LearningRates names '{member}', which has no optimizer; one of: {string.Join(", ", controls.DeclaredLearningRates.Keys)}.", nameof(options));
            foreach (string term in options.TermWeights.Keys)
                if (!controls.DeclaredTermWeights.ContainsKey(term))
                    throw ArgumentErrors.Invalid($"TermWeights names '{term}', which is not a cross term; one of: {string.Join(", ", controls.DeclaredTermWeights.Keys)}.", nameof(options));
        }
        foreach (var (setting, metric) in new[] { ("EarlyStopping", options.EarlyStopping?.Metric), ("Checkpoints.BestMetric", options.Checkpoints?.BestMetric) })
        {
            if (metric is null) continue;
            if (options.Validation is null) throw ArgumentErrors.Invalid($"{setting} needs Validation data.", nameof(options));
            if (!options.Metrics.ContainsKey(metric)) throw ArgumentErrors.Invalid($"{setting} names metric '{metric}', which is not in Metrics.", nameof(options));
        }
        if (options.EarlyStopping is { Patience: < 1 }) throw ArgumentErrors.OutOfRange(nameof(options), options.EarlyStopping.Patience, "Early stopping's patience must be 1 or more.");
        if (options.EarlyStopping is { } stopping && !(stopping.MinDelta >= 0)) throw ArgumentErrors.OutOfRange(nameof(options), stopping.MinDelta, "Early stopping's MinDelta must be 0 or more.");
        if (options.Checkpoints is { EverySteps: < 0 } or { EveryEpochs: < 0 }) throw ArgumentErrors.OutOfRange(nameof(options), "Checkpoint intervals must be 0 or more.");
    }

    private sealed class Loop<TBatch, TOutputs>
    {
        private static readonly IReadOnlyDictionary<string, double> None = new Dictionary<string, double>();
        private readonly ITrainingSystem<TBatch, TOutputs> system;
        private readonly ITrainingControls? controls;
        private readonly IBatchSource<TBatch> train;
        private readonly FitOptions<TBatch, TOutputs> options;
        private readonly CancellationToken cancellation;
        private readonly FitHistory history = new();
        private long step;
        private int epoch;
        private long batchInEpoch;
        private double stoppingBest = double.NaN;
        private int stale;
        private double checkpointBest = double.NaN;
        private IReadOnlyDictionary<string, double>? lastRates;
        private IReadOnlyDictionary<string, double>? lastScales;

        public Loop(ITrainingSystem<TBatch, TOutputs> system, ITrainingControls? controls, IBatchSource<TBatch> train, FitOptions<TBatch, TOutputs> options, CancellationToken cancellation)
        {
            this.system = system;
            this.controls = controls;
            this.train = train;
            this.options = options;
            this.cancellation = cancellation;
        }

        private LoopPosition Position => new(step, epoch, batchInEpoch, stoppingBest, stale, checkpointBest);

        public FitHistory Run()
        {
            if (options.ResumeFrom is { } resume)
            {
                var position = controls!.CheckpointState().LoadToResume(resume);
                (step, epoch, batchInEpoch) = (position.Step, position.Epoch, position.BatchInEpoch);
                (stoppingBest, stale, checkpointBest) = (position.EarlyStoppingBest, position.EarlyStoppingStale, position.BestCheckpointValue);
            }
            var start = new FitStart(step, epoch, batchInEpoch, options.Epochs, train.BatchesPerEpoch);
            foreach (var observer in options.Observers) observer.OnStart(start);
            try
            {
                history.StopReason = Train();
            }
            catch
            {
                history.StopReason = FitStopReason.Failed;
                Finish();
                throw;
            }
            Finish();
            return history;
        }

        private void Finish()
        {
            history.StepCount = step;
            history.Epoch = epoch;
            foreach (var observer in options.Observers) observer.OnEnd(history);
        }

        private FitStopReason Train()
        {
            for (; epoch < options.Epochs; epoch++, batchInEpoch = 0)
            {
                using (var batches = train.Epoch(epoch).GetEnumerator())
                {
                    // Resuming mid-epoch: the batches already trained on are made again and dropped.
                    for (long skipped = 0; skipped < batchInEpoch; skipped++)
                    {
                        using var scope = torch.NewDisposeScope();
                        if (!batches.MoveNext())
                            throw new InvalidOperationException($"Epoch {epoch} has {skipped} batches, but the checkpoint resumed from had done {batchInEpoch} of it: the batch source is not the one it was saved with.");
                    }
                    while (true)
                    {
                        if (cancellation.IsCancellationRequested)
                        {
                            if (options.Checkpoints is { OnCancel: true } checkpoints) SaveLast(checkpoints);
                            return FitStopReason.Cancelled;
                        }
                        StepResult result;
                        IReadOnlyDictionary<string, double> rates, scales;
                        using (torch.NewDisposeScope())
                        {
                            if (!batches.MoveNext()) break;
                            (rates, scales) = ApplySchedules();
                            result = system.Step(batches.Current);
                        }
                        var done = new FitStep(step, epoch, batchInEpoch, result, rates, scales);
                        step++;
                        batchInEpoch++;
                        history.Add(done);
                        foreach (var observer in options.Observers) observer.OnStep(done);

                        bool stop = options.ValidateEverySteps > 0 && step % options.ValidateEverySteps == 0 && Validate(endOfEpoch: false);
                        if (options.Checkpoints is { EverySteps: > 0 } every && step % every.EverySteps == 0) SaveLast(every);
                        if (stop) return FitStopReason.EarlyStopped;
                    }
                }
                bool stopped = Validate(endOfEpoch: true);
                foreach (var observer in options.Observers) observer.OnEpochEnd(epoch);
                if (options.Checkpoints is { EveryEpochs: > 0 } checkpoint && (epoch + 1) % checkpoint.EveryEpochs == 0)
                    SaveLast(checkpoint, Position with { Epoch = epoch + 1, BatchInEpoch = 0 }); // the start of the next epoch
                if (stopped)
                {
                    epoch++;
                    batchInEpoch = 0;
                    return FitStopReason.EarlyStopped;
                }
            }
            return FitStopReason.Completed;
        }

        /// <summary>Sets every scheduled learning rate and term weight for the step about to run; returns what is in force.</summary>
        private (IReadOnlyDictionary<string, double> Rates, IReadOnlyDictionary<string, double> Scales) ApplySchedules()
        {
            if (controls is null) return (None, None);
            foreach (var (member, schedule) in options.LearningRates)
                controls.SetLearningRate(member, controls.DeclaredLearningRates[member] * schedule.Factor(step));
            foreach (var (term, schedule) in options.TermWeights)
                controls.SetTermWeightScale(term, schedule.Factor(step));
            // Each step's record shares the previous step's dictionaries while nothing changed (no schedule, a constant one).
            lastRates = InForce(lastRates, controls.DeclaredLearningRates.Keys, controls.GetLearningRate);
            lastScales = InForce(lastScales, controls.DeclaredTermWeights.Keys, controls.GetTermWeightScale);
            return (lastRates, lastScales);
        }

        /// <summary>The current value of every key: <paramref name="last"/> itself when every value is the same.</summary>
        private static IReadOnlyDictionary<string, double> InForce(IReadOnlyDictionary<string, double>? last, IEnumerable<string> keys, Func<string, double> current)
        {
            if (last is not null && keys.All(k => last[k].Equals(current(k)))) return last;
            return keys.ToDictionary(k => k, current, StringComparer.Ordinal);
        }

        /// <summary>Runs validation if there is any; returns whether early stopping says to stop.</summary>
        private bool Validate(bool endOfEpoch)
        {
            if (options.Validation is not { } validation) return false;
            var sums = options.Metrics.Keys.ToDictionary(k => k, _ => 0.0, StringComparer.Ordinal);
            var counts = options.Metrics.Keys.ToDictionary(k => k, _ => 0.0, StringComparer.Ordinal);
            foreach (var batch in Batches(validation))
            {
                var outputs = system.Evaluate(batch);
                foreach (var (name, metric) in options.Metrics)
                {
                    var (sum, count) = metric(outputs, batch);
                    sums[name] += sum;
                    counts[name] += count;
                }
            }
            var metrics = sums.ToDictionary(s => s.Key, s => counts[s.Key] == 0 ? double.NaN : s.Value / counts[s.Key], StringComparer.Ordinal);
            var pass = new FitValidation(step, epoch, endOfEpoch, metrics);
            history.Add(pass);
            foreach (var observer in options.Observers) observer.OnValidation(pass);

            bool stop = false;
            if (options.EarlyStopping is { } stopping)
            {
                if (Improves(metrics[stopping.Metric], stoppingBest, stopping.Goal, stopping.MinDelta))
                {
                    stoppingBest = metrics[stopping.Metric];
                    stale = 0;
                }
                else
                {
                    stop = ++stale >= stopping.Patience;
                }
            }
            if (options.Checkpoints is { BestMetric: { } best } checkpoints && Improves(metrics[best], checkpointBest, checkpoints.BestGoal, 0))
            {
                checkpointBest = metrics[best];
                // After an epoch's end validation the run goes on with the next epoch: a resume must not repeat it.
                var position = endOfEpoch ? Position with { Epoch = epoch + 1, BatchInEpoch = 0 } : Position;
                controls!.CheckpointState().Save(checkpoints.BestPath, checkpoints.IncludeFrozenMembers, position);
                history.BestCheckpoint = checkpoints.BestPath;
            }
            return stop;
        }

        /// <summary>The validation batches (epoch 0 of the source), each made and evaluated in a dispose scope of its own.</summary>
        private static IEnumerable<TBatch> Batches(IBatchSource<TBatch> source)
        {
            using var batches = source.Epoch(0).GetEnumerator();
            while (true)
            {
                using var scope = torch.NewDisposeScope();
                if (!batches.MoveNext()) yield break;
                yield return batches.Current;
            }
        }

        /// <summary>NaN is never an improvement; anything finite improves on no value yet (NaN).</summary>
        private static bool Improves(double value, double best, MetricGoal goal, double minDelta)
        {
            if (double.IsNaN(value)) return false;
            if (double.IsNaN(best)) return true;
            return goal == MetricGoal.Minimize ? value < best - minDelta : value > best + minDelta;
        }

        private void SaveLast(CheckpointOptions checkpoints, LoopPosition? position = null)
        {
            controls!.CheckpointState().Save(checkpoints.LastPath, checkpoints.IncludeFrozenMembers, position ?? Position);
            history.LastCheckpoint = checkpoints.LastPath;
        }
    }
}
