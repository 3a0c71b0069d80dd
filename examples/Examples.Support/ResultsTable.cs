using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Spectre.Console;

namespace DslCrossReg.Examples;

/// <summary>A results table: printed with Spectre.Console and written as Markdown.</summary>
public sealed class ResultsTable
{
    private readonly string[] columns;
    private readonly List<string[]> rows = new();

    /// <summary>A table with these column headings.</summary>
    public ResultsTable(params string[] columns) => this.columns = columns;

    /// <summary>Adds a row with one cell per column.</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Length)
            throw new ArgumentException($"A row of {cells.Length} cells for a table of {columns.Length} columns ({string.Join(", ", columns)}).", nameof(cells));
        rows.Add(cells);
    }

    /// <summary>Prints the table to the console.</summary>
    public void Print()
    {
        // Redirected output (CI logs) would otherwise be wrapped at 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(Markup.Escape(column));
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }

    /// <summary>Writes <c># title</c>, the <paramref name="preamble"/> paragraph and the table as Markdown.</summary>
    public void WriteMarkdown(string path, string title, string preamble)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("# " + title);
        writer.WriteLine();
        writer.WriteLine(preamble);
        writer.WriteLine();
        writer.WriteLine("| " + string.Join(" | ", columns.Select(EscapeCell)) + " |");
        writer.WriteLine("|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var row in rows) writer.WriteLine("| " + string.Join(" | ", row.Select(EscapeCell)) + " |");
    }

    private static string EscapeCell(string cell) => cell.Replace("|", "\\|");

    /// <summary>"Epochs 4, seed 42, batch 64[, quick mode]; total 12 s." — the line that says how a table was made.</summary>
    public static string RunDescription(ExampleOptions options, TimeSpan elapsed)
        => $"Epochs {(options.Epochs > 0 ? options.Epochs.ToString(CultureInfo.InvariantCulture) : "per run")}, seed {options.Seed}, batch {options.BatchSize}{(options.Quick ? ", quick mode" : string.Empty)}; total {elapsed.TotalSeconds:F0} s.";

    /// <summary>A fraction as a percentage with one decimal ("n/a" for NaN).</summary>
    public static string Percent(double value)
        => double.IsNaN(value) ? "n/a" : value.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>Named values as "name value, …" with three significant digits.</summary>
    public static string Terms(IEnumerable<KeyValuePair<string, double>> terms)
        => string.Join(", ", terms.Select(t => t.Key + " " + t.Value.ToString("G3", CultureInfo.InvariantCulture)));

    /// <summary>A duration in seconds with one decimal.</summary>
    public static string Seconds(TimeSpan time)
        => time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
