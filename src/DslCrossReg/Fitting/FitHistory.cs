using System;
using System.Collections.Generic;
using DslCrossReg.Training;

namespace DslCrossReg.Fitting;

/// <summary>Why a Fit run ended.</summary>
public enum FitStopReason
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>Early stopping's metric stopped improving.</summary>
    EarlyStopped,

    /// <summary>The cancellation token was cancelled; the run stopped between two steps.</summary>
    Cancelled,

    /// <summary>An exception ended the run (observers see this; Fit rethrows the exception).</summary>
    Failed,
}

/// <summary>One training step of a Fit run.</summary>
/// <param name="Step">The loop's step index (0 for its first step, counted across resumes).</param>
/// <param name="Epoch">The epoch (0 for the first).</param>
/// <param name="BatchInEpoch">The batch's index in its epoch.</param>
/// <param name="Result">What the system's Step returned (terms, total, whether it was applied).</param>
/// <param name="LearningRates">Every optimizer's learning rate during the step, by member name.</param>
/// <param name="TermWeightScales">Every cross term's weight multiplier during the step, by term name.</param>
public sealed record FitStep(long Step, int Epoch, long BatchInEpoch, StepResult Result, IReadOnlyDictionary<string, double> LearningRates, IReadOnlyDictionary<string, double> TermWeightScales);

/// <summary>One validation pass of a Fit run.</summary>
/// <param name="Step">Steps done when it ran.</param>
/// <param name="Epoch">The epoch it belongs to.</param>
/// <param name="EndOfEpoch">Whether it ran at the epoch's end (rather than every N steps).</param>
/// <param name="Metrics">Every metric's value by name.</param>
public sealed record FitValidation(long Step, int Epoch, bool EndOfEpoch, IReadOnlyDictionary<string, double> Metrics);

/// <summary>Where a Fit run starts (0 unless it resumes).</summary>
/// <param name="Step">The loop's next step index.</param>
/// <param name="Epoch">The epoch it starts in.</param>
/// <param name="BatchInEpoch">The batches of that epoch already done.</param>
/// <param name="Epochs">The epochs the run is for.</param>
/// <param name="BatchesPerEpoch">The batches per epoch, when the source knows.</param>
public sealed record FitStart(long Step, int Epoch, long BatchInEpoch, int Epochs, int? BatchesPerEpoch);

/// <summary>What a Fit run did: every step, every validation, and why it stopped.</summary>
public sealed class FitHistory
{
    private readonly List<FitStep> steps = new();
    private readonly List<FitValidation> validations = new();

    /// <summary>The steps this run took (after a resume, from the resumed step on).</summary>
    public IReadOnlyList<FitStep> Steps => steps;

    /// <summary>The validation passes this run made.</summary>
    public IReadOnlyList<FitValidation> Validations => validations;

    /// <summary>Why the run ended.</summary>
    public FitStopReason StopReason { get; internal set; }

    /// <summary>The loop's step count at the end (counted across resumes).</summary>
    public long StepCount { get; internal set; }

    /// <summary>The epoch under way when the run ended (the number of epochs when it completed).</summary>
    public int Epoch { get; internal set; }

    /// <summary>The latest checkpoint written by this run, if any.</summary>
    public string? LastCheckpoint { get; internal set; }

    /// <summary>The best-so-far checkpoint written by this run, if any.</summary>
    public string? BestCheckpoint { get; internal set; }

    /// <summary>
    /// Every term's mean over the last <paramref name="lastSteps"/> applied steps of this run (refused steps, whose
    /// terms may not be finite, are skipped): a term's "final value", less noisy than its last step's. Empty when no
    /// step was applied.
    /// </summary>
    /// <param name="lastSteps">How many applied steps, counted back from the last (1 or more).</param>
    public IReadOnlyDictionary<string, double> TermMeans(int lastSteps = 20)
    {
        if (lastSteps < 1) throw ArgumentErrors.OutOfRange(nameof(lastSteps), lastSteps, "Average over 1 step or more.");
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        int taken = 0;
        for (int i = steps.Count - 1; i >= 0 && taken < lastSteps; i--)
        {
            var result = steps[i].Result;
            if (!result.Applied) continue;
            taken++;
            foreach (var (name, value) in result.Terms)
            {
                var (sum, count) = sums.GetValueOrDefault(name);
                sums[name] = (sum + value, count + 1);
            }
        }
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, (sum, count)) in sums) means[name] = sum / count;
        return means;
    }

    internal void Add(FitStep step) => steps.Add(step);

    internal void Add(FitValidation validation) => validations.Add(validation);
}
