using System;
using System.Diagnostics;
using System.Linq;

namespace DslCrossReg.Examples.EnsembleDiversity;

/// <summary>Loads the digits, runs the two stages and writes the table, plots, event files and diagrams.</summary>
public static class EnsembleDiversityApp
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
        RunOutputs.WriteAll(options, table, "Ensemble diversity: a second learner against a frozen first", clock.Elapsed,
            (nameof(IndependentPair), IndependentPair.LossGraph),
            (nameof(InverseL1Diverse), InverseL1Diverse.LossGraph),
            (nameof(ExpSimilarityDiverse), ExpSimilarityDiverse.LossGraph),
            (nameof(InverseCrossEntropyDiverse), InverseCrossEntropyDiverse.LossGraph),
            (nameof(ClampedCrossEntropyDiverse), ClampedCrossEntropyDiverse.LossGraph),
            (nameof(StrongClampedCrossEntropyDiverse), StrongClampedCrossEntropyDiverse.LossGraph),
            (nameof(BothBoundedDiverse), BothBoundedDiverse.LossGraph));

        // The frozen A must leave every stage-2 run exactly as stage 1 trained it.
        if (rows.Select(r => r.FingerprintA).Distinct().Count() != 1)
        {
            Console.Error.WriteLine("A's parameters changed during stage 2: the frozen reference was trained.");
            return 1;
        }
        RunOutputs.Report(options, clock.Elapsed);
        return 0;
    }
}
