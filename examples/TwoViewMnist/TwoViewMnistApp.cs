using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DslCrossReg.Data;
using TorchSharp;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>Loads the digits, runs the experiment and writes the table, plots, event files and diagrams.</summary>
public static class TwoViewMnistApp
{
    /// <summary>Runs <paramref name="options"/>; returns the process exit code.</summary>
    public static int Run(ExperimentOptions options)
    {
        var clock = Stopwatch.StartNew();
        // Two threads is this machine's size; more only adds contention.
        torch.set_num_threads(Math.Max(1, Math.Min(Environment.ProcessorCount, 4)));
        Directory.CreateDirectory(options.OutputDirectory);

        var digits = options.DataDirectory is null ? MnistDataset.LoadEmbedded() : MnistDataset.Load(options.DataDirectory);
        var (train, test) = digits.Split(testFraction: 0.2, options.Seed);
        if (options.Quick) (train, test) = (train.Take(1024), test.Take(512));
        Console.WriteLine($"{digits.Count} digits: {train.Count} for training, {test.Count} for testing (stratified, seed {options.Seed}).");

        var experiment = new Experiment(options, new Views(train.Images, train.Labels), new Views(test.Images, test.Labels));
        var rows = experiment.Run();

        ResultsReport.Print(rows);
        ResultsReport.Write(Path.Combine(options.OutputDirectory, "results.md"), rows, options, clock.Elapsed);
        using (var csv = new StreamWriter(Path.Combine(options.OutputDirectory, "curves.csv")))
        {
            csv.WriteLine("run,term,step,value");
            foreach (var log in experiment.Logs) log.AppendCsv(csv);
        }
        foreach (var log in experiment.Logs)
            log.SavePlot(Path.Combine(options.OutputDirectory, "curves", FileName(log.Run) + ".png"));
        WriteDiagrams(options.OutputDirectory);

        Console.WriteLine($"Wrote results.md, curves/*.png, tensorboard/, diagrams/ to {Path.GetFullPath(options.OutputDirectory)} in {clock.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    private static void WriteDiagrams(string directory)
    {
        string target = Path.Combine(directory, "diagrams");
        Directory.CreateDirectory(target);
        foreach (var (name, graph) in new[]
        {
            (nameof(IndependentViews), IndependentViews.LossGraph),
            (nameof(EmbeddingViews), EmbeddingViews.LossGraph),
            (nameof(ContrastiveViews), ContrastiveViews.LossGraph),
            (nameof(TeacherAndStudentAlone), TeacherAndStudentAlone.LossGraph),
            (nameof(DistilledStudent), DistilledStudent.LossGraph),
            (nameof(IndependentPair), IndependentPair.LossGraph),
            (nameof(DiversePair), DiversePair.LossGraph),
        })
        {
            File.WriteAllText(Path.Combine(target, name + ".md"), "# " + name + "\n\n```mermaid\n" + graph + "```\n");
        }
    }

    private static string FileName(string run)
        => new string(run.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-').Replace("--", "-");
}
