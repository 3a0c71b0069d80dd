using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;

namespace DslCrossReg.Examples;

/// <summary>Writes what every example leaves under its output directory besides the table.</summary>
public static class RunOutputs
{
    /// <summary>Creates the output directory and sets TorchSharp's thread count to <see cref="ExampleOptions.Threads"/>.</summary>
    public static void Prepare(ExampleOptions options)
    {
        torch.set_num_threads(options.Threads);
        Directory.CreateDirectory(options.OutputDirectory);
    }

    /// <summary>
    /// Everything a run leaves besides its event files: prints <paramref name="table"/>, writes it to
    /// <c>results.md</c> under <paramref name="title"/> with the run's description, then the curves and the diagrams.
    /// </summary>
    public static void WriteAll(
        ExampleOptions options,
        ResultsTable table,
        string title,
        TimeSpan elapsed,
        IEnumerable<TrainingLog> logs,
        params (string System, string LossGraph)[] systems)
    {
        table.Print();
        table.WriteMarkdown(Path.Combine(options.OutputDirectory, "results.md"), title, ResultsTable.RunDescription(options, elapsed));
        WriteCurves(options.OutputDirectory, logs);
        WriteDiagrams(options.OutputDirectory, systems);
    }

    /// <summary>Says where everything went.</summary>
    public static void Report(ExampleOptions options, TimeSpan elapsed)
        => Console.WriteLine($"Wrote results.md, curves.csv, curves/*.png, tensorboard/, diagrams/ to {Path.GetFullPath(options.OutputDirectory)} in {elapsed.TotalSeconds:F0} s.");

    /// <summary>
    /// <c>curves.csv</c> (run, term, step, value) with every log, and one <c>curves/&lt;run&gt;.png</c> per log.
    /// (The TensorBoard event files are written by the logs themselves as they record.)
    /// </summary>
    private static void WriteCurves(string directory, IEnumerable<TrainingLog> logs)
    {
        var all = logs.ToList();
        using (var csv = new StreamWriter(Path.Combine(directory, "curves.csv")))
        {
            csv.WriteLine("run,term,step,value");
            foreach (var log in all) log.AppendCsv(csv);
        }
        foreach (var log in all)
            log.SavePlot(Path.Combine(directory, "curves", FileName(log.Run) + ".png"));
    }

    /// <summary>One <c>diagrams/&lt;system&gt;.md</c> per system: its generated loss graph as a Mermaid block.</summary>
    private static void WriteDiagrams(string directory, params (string System, string LossGraph)[] systems)
    {
        string target = Path.Combine(directory, "diagrams");
        Directory.CreateDirectory(target);
        foreach (var (name, graph) in systems)
            File.WriteAllText(Path.Combine(target, name + ".md"), "# " + name + "\n\n```mermaid\n" + graph + "```\n");
    }

    /// <summary>A run's name as a file name: lower case, letters and digits, single dashes.</summary>
    public static string FileName(string run)
    {
        var chars = run.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
        var name = new string(chars);
        while (name.Contains("--")) name = name.Replace("--", "-");
        return name.Trim('-');
    }
}
