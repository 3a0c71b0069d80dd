using System.Diagnostics;

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
        RunOutputs.WriteAll(options, table, "Two networks with normalised outputs (scenario 3)", clock.Elapsed,
            (nameof(RawPair), RawPair.LossGraph),
            (nameof(RangePair), RangePair.LossGraph),
            (nameof(StandardizedPair), StandardizedPair.LossGraph),
            (nameof(SharedStandardizedPair), SharedStandardizedPair.LossGraph));

        RunOutputs.Report(options, clock.Elapsed);
        return 0;
    }
}
