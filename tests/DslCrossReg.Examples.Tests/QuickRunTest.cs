using System;
using System.Collections.Generic;
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
    /// One PNG per run (the PNG signature checked), one Mermaid loss graph per system, <c>curves.csv</c> with its
    /// header, and one TensorBoard event file per run whose first record is the file-version event.
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

        Assert.Equal("run,term,step,value", File.ReadLines(Path.Combine(Output, "curves.csv")).First());

        var eventFiles = Directory.GetFiles(Path.Combine(Output, "tensorboard"), "events.out.tfevents.*", SearchOption.AllDirectories);
        Assert.Equal(runs, eventFiles.Length);
        foreach (var file in eventFiles)
            Assert.Contains("brain.Event:2", Encoding.ASCII.GetString(TensorBoardRecords.Read(file)[0]));
    }

    /// <summary>The records of run <paramref name="run"/>'s event file, every CRC verified.</summary>
    protected IReadOnlyList<byte[]> EventRecords(string run)
        => TensorBoardRecords.Read(Directory.GetFiles(Path.Combine(Output, "tensorboard", run), "events.out.tfevents.*").Single());
}
