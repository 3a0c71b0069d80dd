using System;
using System.IO;
using System.Threading;
using DocSamples.Systems;
using DslCrossReg.Fitting;
using DslCrossReg.Fitting.Observers;
using TorchSharp;
using static TorchSharp.torch;

namespace DocSamples.Training;

public static class Fitting
{
    /// <summary>
    /// The training page's Fit: images [N, 1, 28, 14] and [N, 392] with labels [N]; the first <paramref name="trainCount"/>
    /// samples train, the rest validate. Writes under <paramref name="runs"/>.
    /// </summary>
    public static FitHistory Train(TwoViews system, Tensor left, Tensor right, Tensor labels, int trainCount, int epochs, string runs,
        CancellationToken token = default)
    {
        long testCount = left.shape[0] - trainCount;
        var (testLeft, testRight, testLabels) = (left[trainCount..], right[trainCount..], labels[trainCount..]);
        #region fit
        using var train = BatchSource.InMemory(count: trainCount, batchSize: 64,
            i => new TwoViews.Batch(left.index_select(0, i), right.index_select(0, i), labels.index_select(0, i), labels.index_select(0, i)),
            shuffle: true, seed: 42, dropLast: true);
        var options = FitOptions.For(system);                       // infers the Batch and Outputs types
        options.Epochs = epochs;
        options.Validation = BatchSource.InMemory(testCount, 500,
            i => new TwoViews.Batch(testLeft.index_select(0, i), testRight.index_select(0, i), testLabels.index_select(0, i), testLabels.index_select(0, i)),
            shuffle: false);
        options.Metrics["Left.accuracy"] = (o, b) => (o.Left.Result.argmax(1).eq(b.LeftTarget!).sum().ToInt64(), b.Left.shape[0]);
        options.LearningRates["Left"] = Schedule.LinearWarmup(100, Schedule.Cosine(1000, final: 0.1));
        options.TermWeights["Contrastive(Left,Right)"] = Schedule.Ramp(500);
        options.EarlyStopping = new EarlyStopping("Left.accuracy", Patience: 3, MetricGoal.Maximize);
        options.Checkpoints = new CheckpointOptions(Path.Combine(runs, "ckpt")) { EverySteps = 500, BestMetric = "Left.accuracy", BestGoal = MetricGoal.Maximize };
        options.Observers.Add(new ProgressDisplay());
        options.Observers.Add(new TensorBoardLog(Path.Combine(runs, "tb")));
        options.Observers.Add(new CsvLog(Path.Combine(runs, "log.csv")));
        options.Observers.Add(new LossCurves(Path.Combine(runs, "loss.png")));
        FitHistory history = system.Fit(train, options, token);    // every step's terms, every validation, why it stopped
        #endregion
        return history;
    }

    /// <summary>Resumes the run <see cref="Train"/> checkpointed under <paramref name="runs"/>.</summary>
    public static FitHistory Resume(TwoViews fresh, Tensor left, Tensor right, Tensor labels, int trainCount, int epochs, string runs)
    {
        using var train = BatchSource.InMemory(count: trainCount, batchSize: 64,
            i => new TwoViews.Batch(left.index_select(0, i), right.index_select(0, i), labels.index_select(0, i), labels.index_select(0, i)),
            shuffle: true, seed: 42, dropLast: true);
        #region resume
        var options = FitOptions.For(fresh);          // a new process: a fresh system, the same data, options and epochs
        options.Epochs = epochs;
        options.ResumeFrom = Path.Combine(runs, "ckpt", "last.dcrckpt");
        FitHistory rest = fresh.Fit(train, options);  // continues at the saved step, epoch and batch
        #endregion
        return rest;
    }
}

#region observer
// Prints each validation; every IFitObserver method is optional.
public sealed class PrintValidation : IFitObserver
{
    public void OnValidation(FitValidation validation)
        => Console.WriteLine($"step {validation.Step}: " + string.Join(", ", validation.Metrics));
}
#endregion
