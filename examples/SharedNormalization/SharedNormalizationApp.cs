using System.Diagnostics;
using System.IO;

namespace DslCrossReg.Examples.SharedNormalization;

/// <summary>Loads the digits, trains one pair per normalisation and writes the table, plots, event files and diagrams.</summary>
public static class SharedNormalizationApp
{
    /// <summary>Runs the experiment with <paramref name="options"/>; returns the process exit code.</summary>
    public static int Run(ExampleOptions options)
    {
        var clock = Stopwatch.StartNew();
        RunOutputs.Prepare(options);

        var (train, test) = Digits.Load(options);
        var experiment = new Experiment(options, train, test);
        var rows = experiment.Run();

        var table = ResultsReport.Table(rows);
        table.Print();
        table.WriteMarkdown(Path.Combine(options.OutputDirectory, "results.md"), "Two networks with normalised outputs (scenario 3)", ResultsTable.RunDescription(options, clock.Elapsed));
        RunOutputs.WriteCurves(options.OutputDirectory, experiment.Logs);
        RunOutputs.WriteDiagrams(options.OutputDirectory,
            (nameof(RawPair), RawPair.LossGraph),
            (nameof(RangePair), RangePair.LossGraph),
            (nameof(StandardizedPair), StandardizedPair.LossGraph),
            (nameof(SharedStandardizedPair), SharedStandardizedPair.LossGraph));

        RunOutputs.Report(options, clock.Elapsed);
        return 0;
    }
}
