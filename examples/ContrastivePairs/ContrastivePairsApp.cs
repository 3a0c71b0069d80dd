using System.Diagnostics;
using System.Globalization;

namespace DslCrossReg.Examples.ContrastivePairs;

/// <summary>Loads the digits, builds the pairs, runs the four rows and writes the table, plots, event files and diagrams.</summary>
public static class ContrastivePairsApp
{
    /// <summary>Runs the example with <paramref name="options"/>; returns the process exit code.</summary>
    public static int Run(ExampleOptions options)
    {
        var clock = Stopwatch.StartNew();
        RunOutputs.Prepare(options);

        var (digitsTrain, digitsTest) = Digits.Load(options);
        var train = Pairs.Build(digitsTrain.Images, digitsTrain.Labels, options.Seed, stream: 0);
        var test = Pairs.Build(digitsTest.Images, digitsTest.Labels, options.Seed, stream: 1);
        System.Console.WriteLine($"{train.Count} training pairs and {test.Count} test pairs, half similar (same class), half dissimilar.");

        var experiment = new Experiment(options, train, test);
        var rows = experiment.Run();

        var table = new ResultsTable("Loss form", "Test acc. (s > 0)", "Test acc. (train threshold)", "Test AUC", "Class R@1 (left→right)", "Final terms", "Time", "Mean s: similar / dissimilar");
        foreach (var row in rows)
        {
            table.Add(
                row.Method,
                ResultsTable.Percent(row.AccuracyAtZero),
                ResultsTable.Percent(row.AccuracyAtThreshold) + " (t = " + row.Threshold.ToString("G3", CultureInfo.InvariantCulture) + ")",
                row.Auc.ToString("F3", CultureInfo.InvariantCulture),
                ResultsTable.Percent(row.ClassRecallAt1),
                ResultsTable.Terms(row.FinalTerms),
                ResultsTable.Seconds(row.WallTime),
                row.MeanSimilar.ToString("G3", CultureInfo.InvariantCulture) + " / " + row.MeanDissimilar.ToString("G3", CultureInfo.InvariantCulture));
        }
        RunOutputs.WriteAll(options, table, "Contrastive pairs: scenario 4's loss forms compared", clock.Elapsed,
            (nameof(BasicPairs), BasicPairs.LossGraph),
            (nameof(MarginPairs), MarginPairs.LossGraph),
            (nameof(WeightedPairs), WeightedPairs.LossGraph),
            (nameof(InfoNcePairs), InfoNcePairs.LossGraph));

        RunOutputs.Report(options, clock.Elapsed);
        return 0;
    }
}
