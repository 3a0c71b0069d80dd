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
    /// Everything a run leaves besides what its training runs wrote (event files, curves: see <see cref="ExampleFit"/>):
    /// prints <paramref name="table"/>, writes it to <c>results.md</c> under <paramref name="title"/> with the run's
    /// description, then the diagrams.
    /// </summary>
    public static void WriteAll(
        ExampleOptions options,
        ResultsTable table,
        string title,
        TimeSpan elapsed,
        params (string System, string LossGraph)[] systems)
    {
        table.Print();
        table.WriteMarkdown(Path.Combine(options.OutputDirectory, "results.md"), title, ResultsTable.RunDescription(options, elapsed));
        WriteDiagrams(options.OutputDirectory, systems);
    }

    /// <summary>Says where everything went.</summary>
    public static void Report(ExampleOptions options, TimeSpan elapsed)
        => Console.WriteLine($"Wrote results.md, curves/*.csv and *.png, tensorboard/, diagrams/ to {Path.GetFullPath(options.OutputDirectory)} in {elapsed.TotalSeconds:F0} s.");

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
