using System;
using System.Collections.Generic;
using System.IO;
using DslCrossReg.Training;

namespace DslCrossReg.Fitting;

/// <summary>
/// How <see cref="FitExtensions.Fit{TBatch, TOutputs}"/> trains: epochs, validation and its metrics, schedules, early
/// stopping, checkpoints, resuming, observers. <see cref="FitOptions.For{TBatch, TOutputs}"/> infers the type
/// arguments from a system.
/// </summary>
/// <typeparam name="TBatch">The system's <c>Batch</c> record.</typeparam>
/// <typeparam name="TOutputs">The system's <c>Outputs</c> record.</typeparam>
public sealed class FitOptions<TBatch, TOutputs>
{
    /// <summary>Passes over the training data (1 by default).</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Validation data, run through the system's <c>Evaluate</c> (eval mode, no gradients) at each epoch's end.</summary>
    public IBatchSource<TBatch>? Validation { get; set; }

    /// <summary>Also validate every this many steps (0: only at epochs' ends).</summary>
    public long ValidateEverySteps { get; set; }

    /// <summary>
    /// Validation metrics by name: each gives, for one batch's outputs, a sum and the count it is over (accuracy:
    /// correct predictions and the batch's size); the metric is Σ sums / Σ counts over the validation data.
    /// </summary>
    public IDictionary<string, Func<TOutputs, TBatch, (double Sum, double Count)>> Metrics { get; } = new Dictionary<string, Func<TOutputs, TBatch, (double Sum, double Count)>>(StringComparer.Ordinal);

    /// <summary>Learning-rate schedules by member name: factors on the member's declared learning rate, set before each step.</summary>
    public IDictionary<string, Schedule> LearningRates { get; } = new Dictionary<string, Schedule>(StringComparer.Ordinal);

    /// <summary>Loss-weight schedules by cross-term name: factors on the term's declared weight, set before each step.</summary>
    public IDictionary<string, Schedule> TermWeights { get; } = new Dictionary<string, Schedule>(StringComparer.Ordinal);

    /// <summary>Stops when a validation metric stops improving; null: never.</summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Where and when to save checkpoints; null: never.</summary>
    public CheckpointOptions? Checkpoints { get; set; }

    /// <summary>A checkpoint saved by Fit to continue from: the system, the optimizers and the loop's position are loaded first.</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>Who is told about each step, validation and epoch (progress display, logs, plots).</summary>
    public IList<IFitObserver> Observers { get; } = new List<IFitObserver>();
}

/// <summary>Creates <see cref="FitOptions{TBatch, TOutputs}"/> with type arguments inferred from a system.</summary>
public static class FitOptions
{
    /// <summary>New default options for <paramref name="system"/>'s batches and outputs.</summary>
    public static FitOptions<TBatch, TOutputs> For<TBatch, TOutputs>(ITrainingSystem<TBatch, TOutputs> system)
    {
        ArgumentErrors.NotNull(system);
        return new FitOptions<TBatch, TOutputs>();
    }
}

/// <summary>Whether a metric is better when smaller (a loss) or larger (an accuracy).</summary>
public enum MetricGoal
{
    /// <summary>Smaller is better.</summary>
    Minimize,

    /// <summary>Larger is better.</summary>
    Maximize,
}

/// <summary>
/// Stops training once validation metric <paramref name="Metric"/> has not improved by more than
/// <paramref name="MinDelta"/> on <paramref name="Patience"/> validations in a row.
/// </summary>
/// <param name="Metric">A name in <see cref="FitOptions{TBatch, TOutputs}.Metrics"/>.</param>
/// <param name="Patience">Validations without improvement before stopping (1 or more).</param>
/// <param name="Goal">Whether smaller or larger is better.</param>
/// <param name="MinDelta">How much better a value must be than the best so far to count as an improvement.</param>
public sealed record EarlyStopping(string Metric, int Patience, MetricGoal Goal = MetricGoal.Minimize, double MinDelta = 0);

/// <summary>
/// Checkpoints of a Fit run, written with the system's atomic <c>Save</c> plus the loop's position:
/// <see cref="LastPath"/> every <see cref="EverySteps"/> steps and/or <see cref="EveryEpochs"/> epochs and when the run
/// is cancelled; <see cref="BestPath"/> whenever validation metric <see cref="BestMetric"/> improves.
/// </summary>
public sealed class CheckpointOptions
{
    /// <summary>Checkpoints in <paramref name="directory"/>.</summary>
    public CheckpointOptions(string directory)
    {
        ArgumentErrors.NotNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The directory of the checkpoints.</summary>
    public string Directory { get; }

    /// <summary>Save <see cref="LastPath"/> every this many steps (0: not by steps).</summary>
    public long EverySteps { get; set; }

    /// <summary>Save <see cref="LastPath"/> after every this many epochs (1 by default; 0: not by epochs).</summary>
    public int EveryEpochs { get; set; } = 1;

    /// <summary>Save <see cref="LastPath"/> when the run is cancelled (true by default).</summary>
    public bool OnCancel { get; set; } = true;

    /// <summary>The validation metric that decides the best checkpoint; null: no best checkpoint.</summary>
    public string? BestMetric { get; set; }

    /// <summary>Whether <see cref="BestMetric"/> is better smaller or larger.</summary>
    public MetricGoal BestGoal { get; set; }

    /// <summary>Whether frozen members are stored in full (true) or by fingerprint.</summary>
    public bool IncludeFrozenMembers { get; set; } = true;

    /// <summary>The latest checkpoint: <c>last.dcrckpt</c> in <see cref="Directory"/>.</summary>
    public string LastPath => Path.Combine(Directory, "last.dcrckpt");

    /// <summary>The best-so-far checkpoint: <c>best.dcrckpt</c> in <see cref="Directory"/>.</summary>
    public string BestPath => Path.Combine(Directory, "best.dcrckpt");
}
