using System.Collections.Generic;
using System.Diagnostics;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>Loads the digits, runs the experiment and writes the table, plots, event files and diagrams.</summary>
public static class TwoViewMnistApp
{
    /// <summary>Runs <paramref name="methods"/> (of <see cref="Experiment.AllMethods"/>) with <paramref name="options"/>; returns the process exit code.</summary>
    public static int Run(ExampleOptions options, IReadOnlyList<string> methods)
    {
        var clock = Stopwatch.StartNew();
        RunOutputs.Prepare(options);

        var (train, test) = Digits.Load(options);
        var experiment = new Experiment(options, methods, new Views(train.Images, train.Labels), new Views(test.Images, test.Labels));
        var rows = experiment.Run();

        var table = ResultsReport.Table(rows);
        RunOutputs.WriteAll(options, table, "Two-view MNIST: cross methods compared", clock.Elapsed,
            (nameof(IndependentViews), IndependentViews.LossGraph),
            (nameof(EmbeddingViews), EmbeddingViews.LossGraph),
            (nameof(ContrastiveViews), ContrastiveViews.LossGraph),
            (nameof(TeacherAndStudentAlone), TeacherAndStudentAlone.LossGraph),
            (nameof(DistilledStudent), DistilledStudent.LossGraph),
            (nameof(IndependentPair), IndependentPair.LossGraph),
            (nameof(DiversePair), DiversePair.LossGraph));

        RunOutputs.Report(options, clock.Elapsed);
        return 0;
    }
}
