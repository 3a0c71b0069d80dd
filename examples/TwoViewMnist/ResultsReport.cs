using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Spectre.Console;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>The results table: on the console (Spectre.Console) and as Markdown.</summary>
public static class ResultsReport
{
    private static readonly string[] Columns = { "Method", "Test accuracy", "R@1 (left→right)", "Final terms", "Time", "Notes" };

    /// <summary>Prints the table.</summary>
    public static void Print(IReadOnlyList<ResultRow> rows)
    {
        // Redirected output (CI logs) would otherwise be wrapped at 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in Columns) table.AddColumn(column);
        foreach (var row in rows) table.AddRow(Cells(row).Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }

    /// <summary>Writes the table as Markdown with the command line that produced it.</summary>
    public static void Write(string path, IReadOnlyList<ResultRow> rows, ExperimentOptions options, TimeSpan elapsed)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("# Two-view MNIST: cross methods compared");
        writer.WriteLine();
        writer.WriteLine($"Epochs {options.Epochs}, seed {options.Seed}, batch {options.BatchSize}{(options.Quick ? ", quick mode" : string.Empty)}; total {elapsed.TotalSeconds:F0} s.");
        writer.WriteLine();
        writer.WriteLine("| " + string.Join(" | ", Columns) + " |");
        writer.WriteLine("|" + string.Concat(Columns.Select(_ => "---|")));
        foreach (var row in rows) writer.WriteLine("| " + string.Join(" | ", Cells(row).Select(c => c.Replace("|", "\\|"))) + " |");
    }

    private static IEnumerable<string> Cells(ResultRow row)
    {
        yield return row.Method;
        yield return string.Join(", ", row.Accuracy.Select(a => a.Key + " " + a.Value.ToString("P1", CultureInfo.InvariantCulture)));
        yield return row.RecallAt1 is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "–";
        yield return string.Join(", ", row.FinalTerms.Select(t => t.Key + " " + t.Value.ToString("G3", CultureInfo.InvariantCulture)));
        yield return row.WallTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
        yield return row.Notes;
    }
}
