using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>Loads the digits, runs the experiment and writes the table, results.json, plots, event files and diagrams.</summary>
public static class TwoViewMnistApp
{
    /// <summary>The seeds a run uses by default, from <c>--seed</c> on.</summary>
    public const int DefaultSeeds = 3;

    /// <summary>
    /// Runs <paramref name="methods"/> (of <see cref="Experiment.AllMethods"/>) with <paramref name="options"/>, once per
    /// seed from <see cref="ExampleOptions.Seed"/> to <see cref="ExampleOptions.Seed"/> + <paramref name="seeds"/> − 1
    /// (the train/test split stays the one <see cref="ExampleOptions.Seed"/> draws); returns the process exit code.
    /// </summary>
    public static int Run(ExampleOptions options, IReadOnlyList<string> methods, int seeds = DefaultSeeds)
    {
        var clock = Stopwatch.StartNew();
        RunOutputs.Prepare(options);

        var (train, test) = Digits.Load(options);
        var seedValues = new List<long>();
        for (int i = 0; i < seeds; i++) seedValues.Add(options.Seed + i);
        var experiment = new Experiment(options, methods, seedValues, new Views(train.Images, train.Labels), new Views(test.Images, test.Labels));
        var rows = ResultsReport.Summarise(experiment.Run());

        ResultsReport.WriteJson(Path.Combine(options.OutputDirectory, "results.json"), options, seedValues, rows, clock.Elapsed);
        RunOutputs.WriteAll(options, ResultsReport.Table(rows), "Two-view MNIST: cross methods compared", clock.Elapsed,
            (nameof(IndependentViews), IndependentViews.LossGraph),
            (nameof(EmbeddingViews), EmbeddingViews.LossGraph),
            (nameof(RetrievalTowers), RetrievalTowers.LossGraph),
            (nameof(TeacherAlone), TeacherAlone.LossGraph),
            (nameof(StudentAlone), StudentAlone.LossGraph),
            (nameof(DistilledStudent), DistilledStudent.LossGraph),
            (nameof(IndependentPair), IndependentPair.LossGraph),
            (nameof(DiversePair), DiversePair.LossGraph));

        RunOutputs.Report(options, clock.Elapsed);
        return 0;
    }
}
