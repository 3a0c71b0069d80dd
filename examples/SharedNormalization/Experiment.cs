using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DslCrossReg.Data;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.SharedNormalization;

/// <summary>One row of the results table: one normalisation, both networks scored on the test split.</summary>
public sealed record ResultRow(
    string System,
    double FirstAccuracy,
    double SecondAccuracy,
    double Agreement,
    double FirstMse,
    double SecondMse,
    double TargetVariance,
    (double Before, double After) Coupling,
    IReadOnlyDictionary<string, double> FinalTerms,
    TimeSpan WallTime,
    string Check);

/// <summary>
/// Trains the same pair of MLPs once per normalisation, with the same seed, data order and budget, so that the
/// rows differ only in the declared <c>[OutputNorm]</c>.
/// </summary>
public sealed class Experiment
{
    /// <summary>The row names, in table order.</summary>
    public static readonly string[] RowNames = { "No normalisation", "Range", "Standardize", "SharedStandardize" };

    private readonly ExampleOptions options;
    private readonly Tensor trainInput, trainOneHot, testInput, testOneHot, testLabels;

    /// <summary>Prepares the flattened digits and one-hot labels of both splits.</summary>
    public Experiment(ExampleOptions options, MnistDataset train, MnistDataset test)
    {
        this.options = options;
        trainInput = train.Images.reshape(train.Count, 784);
        trainOneHot = Targets.OneHot(train.Labels);
        testInput = test.Images.reshape(test.Count, 784);
        testOneHot = Targets.OneHot(test.Labels);
        testLabels = test.Labels;
    }

    /// <summary>Trains and scores every row.</summary>
    public IReadOnlyList<ResultRow> Run() => new[]
    {
        Pair<RawPair, RawPair.Batch, RawPair.Outputs>(RowNames[0],
            () => new RawPair(options.Seed), (x, t) => new RawPair.Batch(x, t, t), s => (s.First, s.Second), o => (o.First, o.Second),
            Targets.Raw, _ => "–"),
        Pair<RangePair, RangePair.Batch, RangePair.Outputs>(RowNames[1],
            () => new RangePair(options.Seed), (x, t) => new RangePair.Batch(x, t, t), s => (s.First, s.Second), o => (o.First, o.Second),
            Targets.Range, _ => ConstantRowNote<RangePair, RangePair.Batch>(
                new RangePair(options.Seed), s => (s.First, s.Second), (x, t) => new RangePair.Batch(x, t, t), Targets.Range, published: true)),
        Pair<StandardizedPair, StandardizedPair.Batch, StandardizedPair.Outputs>(RowNames[2],
            () => new StandardizedPair(options.Seed), (x, t) => new StandardizedPair.Batch(x, t, t), s => (s.First, s.Second), o => (o.First, o.Second),
            Targets.Standardized, _ => ConstantRowNote<StandardizedPair, StandardizedPair.Batch>(
                new StandardizedPair(options.Seed), s => (s.First, s.Second), (x, t) => new StandardizedPair.Batch(x, t, t), Targets.Standardized, published: false)),
        Pair<SharedStandardizedPair, SharedStandardizedPair.Batch, SharedStandardizedPair.Outputs>(RowNames[3],
            () => new SharedStandardizedPair(options.Seed), (x, t) => new SharedStandardizedPair.Batch(x, t, t), s => (s.First, s.Second), o => (o.First, o.Second),
            Targets.SharedStandardized, PooledNote),
    };

    /// <summary>
    /// Trains a pair on (normalised) one-hot targets and scores it on the test split: argmax accuracy of each raw
    /// output (normalisation is a per-sample increasing affine map, so it leaves the argmax alone), agreement,
    /// the generated loss's task terms, and the coupling check.
    /// </summary>
    private ResultRow Pair<TSystem, TBatch, TOutputs>(
        string name,
        Func<TSystem> create,
        Func<Tensor, Tensor?, TBatch> batch,
        Func<TSystem, (Mlp First, Mlp Second)> members,
        Func<TOutputs, (Mlp.Output First, Mlp.Output Second)> outputs,
        Func<Tensor, Tensor> target,
        Func<(Mlp.Output First, Mlp.Output Second), string> check)
        where TSystem : ITrainingSystem<TBatch, TOutputs>
        where TOutputs : class
    {
        var clock = Stopwatch.StartNew();
        using var system = create();
        using var trainTargets = target(trainOneHot);
        using var testTargets = target(testOneHot);

        var log = ExampleFit.Run(system, name, options, trainInput.shape[0],
            index => batch(trainInput.index_select(0, index), trainTargets.index_select(0, index)));

        using var scope = torch.NewDisposeScope();
        var (first, second) = outputs(system.Evaluate(batch(testInput, null)));
        var testBatch = batch(testInput, testTargets);
        double firstMse, secondMse;
        using (torch.no_grad())
        using (var loss = system.Loss(testBatch))
        {
            firstMse = loss.Terms["First.task"].ToDouble();
            secondMse = loss.Terms["Second.task"].ToDouble();
        }
        var coupling = Checks.Coupling((ITrainingSystem<TBatch, object>)system, members(system).Second, testBatch);
        return new ResultRow(
            name,
            Metrics.Accuracy(first.Result, testLabels),
            Metrics.Accuracy(second.Result, testLabels),
            1 - Metrics.Disagreement(first.Result, second.Result),
            firstMse,
            secondMse,
            testTargets.var(1, unbiased: false).mean().ToDouble(),
            coupling,
            log.TermMeans(),
            clock.Elapsed,
            check((first, second)));
    }

    /// <summary>The constant-row check of a fresh, untrained <paramref name="created"/>, as a table note.</summary>
    private string ConstantRowNote<TSystem, TBatch>(
        TSystem created, Func<TSystem, (Mlp First, Mlp Second)> members, Func<Tensor, Tensor, TBatch> batch, Func<Tensor, Tensor> target, bool published)
        where TSystem : ITrainingSystem<TBatch, object>
    {
        using var system = created;
        var (first, second) = members(system);
        using var scope = torch.NewDisposeScope();
        var input = trainInput.narrow(0, 0, options.BatchSize);
        var (step, gradient, nans, values) = Checks.ConstantRows(system, first, second, input, batch(input, target(trainOneHot.narrow(0, 0, options.BatchSize))));
        string loss = step.Terms["First.task"].ToString("G3", CultureInfo.InvariantCulture);
        string note = $"constant output rows → zeros: First.task {loss}, step {(step.Applied ? "applied" : "skipped (" + step.NonFiniteTerm + ")")}, largest |gradient| {gradient.ToString("G2", CultureInfo.InvariantCulture)}";
        return published ? note + $"; published (x − min) / (max − min): {nans}/{values} NaN" : note;
    }

    /// <summary>The pooled statistics of the shared normalisation of the test outputs, as a table note.</summary>
    private static string PooledNote((Mlp.Output First, Mlp.Output Second) test)
    {
        var (pooledMean, pooledVariance, firstMean, firstVariance) = Checks.PooledStatistics(test.First.Result, test.Second.Result);
        string G(double v) => v.ToString("G2", CultureInfo.InvariantCulture);
        return $"per sample, both outputs pooled: |mean| ≤ {G(pooledMean)}, |var − 1| ≤ {G(pooledVariance)}; First alone: mean |mean| {G(firstMean)}, mean var {G(firstVariance)}";
    }
}
