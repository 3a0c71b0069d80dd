using System;
using System.Globalization;
using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples;

/// <summary>
/// The training loop of the examples: shuffled mini-batches in an order fixed by the seed (the same for every
/// run of an example, so runs differ only in what they declare), every step's terms logged, progress shown.
/// </summary>
public static class SeededTraining
{
    /// <summary>
    /// Trains run <paramref name="run"/> for <see cref="ExampleOptions.Epochs"/> passes over <paramref name="count"/>
    /// samples; each step gets the indices of its batch (Int64, length <see cref="ExampleOptions.BatchSize"/>; the
    /// last partial batch is dropped) inside a dispose scope, and returns the system's <see cref="StepResult"/>.
    /// Returns the run's log (its TensorBoard file under <see cref="ExampleOptions.OutputDirectory"/>).
    /// </summary>
    public static TrainingLog Run(string run, ExampleOptions options, long count, Func<Tensor, StepResult> step)
    {
        var log = new TrainingLog(run, options.OutputDirectory);
        int perEpoch = (int)(count / options.BatchSize);
        if (perEpoch == 0)
            throw new ArgumentException($"{count} training samples are fewer than one batch of {options.BatchSize}.", nameof(count));
        int total = perEpoch * options.Epochs;
        var order = new torch.Generator((ulong)options.Seed);
        int done = 0;
        Progress.Run(log.Run, report =>
        {
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                using var permutation = torch.randperm(count, generator: order);
                for (int b = 0; b < perEpoch; b++)
                {
                    using var scope = torch.NewDisposeScope();
                    var result = step(permutation.narrow(0, b * options.BatchSize, options.BatchSize));
                    log.Record(done, result.Terms);
                    done++;
                    report(done, total, string.Join("  ", result.Terms.Select(t => t.Key + " " + t.Value.ToString("F3", CultureInfo.InvariantCulture))));
                }
            }
        });
        return log;
    }
}
