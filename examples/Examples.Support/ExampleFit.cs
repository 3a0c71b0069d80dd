using System;
using System.IO;
using DslCrossReg.Fitting;
using DslCrossReg.Fitting.Observers;
using DslCrossReg.Training;
using static TorchSharp.torch;

namespace DslCrossReg.Examples;

/// <summary>
/// How every example trains: the library's <see cref="FitExtensions.Fit{TBatch, TOutputs}"/> over shuffled
/// mini-batches in an order fixed by the seed (the same for every run of an example, so runs differ only in what
/// they declare; the last partial batch is dropped), with the library's observers writing each run's outputs.
/// </summary>
public static class ExampleFit
{
    /// <summary>
    /// Trains <paramref name="system"/> as run <paramref name="run"/> for <paramref name="epochs"/> (by default
    /// <see cref="ExampleOptions.Epochs"/>) passes over <paramref name="count"/> samples in batches of
    /// <paramref name="batchSize"/> (by default <see cref="ExampleOptions.BatchSize"/>), shuffled with
    /// <paramref name="seed"/> (by default <see cref="ExampleOptions.Seed"/>); <paramref name="select"/> makes a batch
    /// from its sample indices (Int64). Shows
    /// progress and writes, under <see cref="ExampleOptions.OutputDirectory"/>, <c>tensorboard/&lt;run&gt;/</c> and
    /// <c>curves/&lt;run&gt;.csv</c> and <c>.png</c> (see <see cref="CurvesCsv"/>). <paramref name="configure"/> adds
    /// schedules, validation or observers of the run's own.
    /// </summary>
    public static FitHistory Run<TBatch, TOutputs>(
        ITrainingSystem<TBatch, TOutputs> system,
        string run,
        ExampleOptions options,
        long count,
        Func<Tensor, TBatch> select,
        Action<FitOptions<TBatch, TOutputs>>? configure = null,
        int? epochs = null,
        int? batchSize = null,
        long? seed = null)
    {
        using var batches = BatchSource.InMemory(count, batchSize ?? options.BatchSize, select, shuffle: true, seed: seed ?? options.Seed, dropLast: true);
        var fit = FitOptions.For(system);
        fit.Epochs = epochs ?? options.Epochs;
        fit.Observers.Add(new ProgressDisplay(run));
        fit.Observers.Add(new TensorBoardLog(Path.Combine(options.OutputDirectory, "tensorboard", run)));
        fit.Observers.Add(new CsvLog(CurvesCsv(options, run)));
        fit.Observers.Add(new LossCurves(Path.Combine(options.OutputDirectory, "curves", RunOutputs.FileName(run) + ".png"), title: run));
        configure?.Invoke(fit);
        return system.Fit(batches, fit);
    }

    /// <summary>Run <paramref name="run"/>'s CSV log: rows <c>kind,step,epoch,name,value</c> (see <see cref="CsvLog"/>).</summary>
    public static string CurvesCsv(ExampleOptions options, string run)
        => Path.Combine(options.OutputDirectory, "curves", RunOutputs.FileName(run) + ".csv");
}
