using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace DslCrossReg.Examples.Tests;

/// <summary>
/// Base of the examples' quick-run tests: a fresh output directory per test (deleted afterwards), the options of a
/// quick run into it, and the checks every example's outputs must pass.
/// </summary>
public abstract class QuickRunTest : IDisposable
{
    private static readonly byte[] PngSignature = { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Creates the output directory name, <c>dcr-&lt;example&gt;-&lt;guid&gt;</c> under the temp folder.</summary>
    protected QuickRunTest(string example)
        => Output = Path.Combine(Path.GetTempPath(), "dcr-" + example + "-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the run writes.</summary>
    protected string Output { get; }

    /// <summary>One epoch of quick mode, seed 42, into <see cref="Output"/>.</summary>
    protected ExampleOptions QuickOptions => new(1, 42, Output, Quick: true);

    /// <summary>Deletes the output directory.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Output)) Directory.Delete(Output, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// One PNG and one CSV log per run (the PNG signature and the CSV header checked), one Mermaid loss graph per
    /// system, and one TensorBoard event file per run whose first record is the file-version event.
    /// </summary>
    protected void AssertPlotsDiagramsAndEventFiles(int runs, int systems)
    {
        var pngs = Directory.GetFiles(Path.Combine(Output, "curves"), "*.png");
        Assert.Equal(runs, pngs.Length);
        foreach (var png in pngs)
            Assert.Equal(PngSignature, File.ReadAllBytes(png).Take(PngSignature.Length).ToArray());

        var diagrams = Directory.GetFiles(Path.Combine(Output, "diagrams"), "*.md");
        Assert.Equal(systems, diagrams.Length);
        Assert.All(diagrams, d => Assert.Contains("```mermaid\nflowchart LR", File.ReadAllText(d)));

        var csvs = Directory.GetFiles(Path.Combine(Output, "curves"), "*.csv");
        Assert.Equal(runs, csvs.Length);
        Assert.All(csvs, csv => Assert.Equal("kind,step,epoch,name,value", File.ReadLines(csv).First()));

        var eventFiles = Directory.GetFiles(Path.Combine(Output, "tensorboard"), "events.out.tfevents.*", SearchOption.AllDirectories);
        Assert.Equal(runs, eventFiles.Length);
        foreach (var file in eventFiles)
            Assert.Contains("brain.Event:2", Encoding.ASCII.GetString(TensorBoardRecords.Read(file)[0]));
    }

    /// <summary>
    /// Run <paramref name="run"/>'s logs: every step of <paramref name="steps"/> logged the total and exactly
    /// <paramref name="terms"/> in its CSV log, and its event file holds one scalar per CSV row (plus the file-version
    /// record), each tagged with its kind and name as the CSV has them.
    /// </summary>
    protected void AssertRunLogs(string run, int steps, params string[] terms)
    {
        var rows = Curves(run);
        var train = rows.Where(r => r.Kind == "train").ToList();
        Assert.Equal(Enumerable.Range(0, steps).Select(i => (long)i), train.Select(r => r.Step).Distinct());
        var expected = terms.Prepend("total").OrderBy(t => t, StringComparer.Ordinal).ToArray();
        foreach (var step in train.GroupBy(r => r.Step))
            Assert.Equal(expected, step.Select(r => r.Name).OrderBy(t => t, StringComparer.Ordinal).ToArray());

        var records = EventRecords(run);
        Assert.Equal(1 + rows.Count, records.Count);
        string text = string.Concat(records.Select(r => Encoding.UTF8.GetString(r)));
        foreach (var (kind, name) in rows.Select(r => (r.Kind, r.Name)).Distinct())
            Assert.Contains(kind + "/" + name, text);
    }

    /// <summary>The values of term <paramref name="name"/> at every step of run <paramref name="run"/>, as its CSV log wrote them (round-trip format).</summary>
    protected string[] Series(string run, string name)
        => Curves(run).Where(r => r.Kind == "train" && r.Name == name).Select(r => r.Value).ToArray();

    /// <summary>The rows of run <paramref name="run"/>'s CSV log (<c>curves/&lt;run&gt;.csv</c>), header checked, names unquoted.</summary>
    protected IReadOnlyList<CsvRow> Curves(string run)
    {
        var lines = File.ReadAllLines(Path.Combine(Output, "curves", RunOutputs.FileName(run) + ".csv"));
        Assert.Equal("kind,step,epoch,name,value", lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var fields = CsvFields.Split(line);
            Assert.Equal(5, fields.Count);
            return new CsvRow(fields[0], long.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture), fields[3], fields[4]);
        }).ToList();
    }

    /// <summary>One row of a run's CSV log.</summary>
    protected sealed record CsvRow(string Kind, long Step, int Epoch, string Name, string Value);

    /// <summary>The records of run <paramref name="run"/>'s event file, every CRC verified.</summary>
    protected IReadOnlyList<byte[]> EventRecords(string run)
        => TensorBoardRecords.Read(Directory.GetFiles(Path.Combine(Output, "tensorboard", run), "events.out.tfevents.*").Single());
}
