using System;
using System.IO;
using System.Linq;
using System.Text;
using DslCrossReg.Examples.TwoViewMnist;
using Xunit;

namespace DslCrossReg.Examples.Tests;

/// <summary>The main job in quick mode, in-process: it succeeds and every output exists and parses.</summary>
public sealed class TwoViewMnistQuickTests : QuickRunTest
{
    public TwoViewMnistQuickTests()
        : base("twoview")
    {
    }

    [Fact]
    public void The_crc_used_to_check_event_files_is_crc32c() => Assert.Equal(0xE3069283u, TensorBoardRecords.CheckValue());

    [Fact]
    public void Quick_run_writes_table_plots_event_files_and_diagrams()
    {
        var options = QuickOptions;
        Assert.Equal(0, TwoViewMnistApp.Run(options, Experiment.AllMethods));

        string results = File.ReadAllText(Path.Combine(Output, "results.md"));
        foreach (var row in new[] { "| Independent |", "| EmbeddingDistance |", "| Contrastive (InfoNCE) |", "| Student alone |", "| Distillation (KL, T = 2) |", "| Ensemble, independent |", "| Ensemble, OutputDisagreement |" })
            Assert.Contains(row, results);

        AssertPlotsDiagramsAndEventFiles(runs: 7, systems: 7);

        var csv = File.ReadAllLines(Path.Combine(Output, "curves.csv"));
        Assert.Equal("run,term,step,value", csv[0]);

        var eventFiles = Directory.GetFiles(Path.Combine(Output, "tensorboard"), "events.out.tfevents.*", SearchOption.AllDirectories);
        Assert.Equal(7, eventFiles.Length);
        foreach (var file in eventFiles)
        {
            var records = TensorBoardRecords.Read(file);
            // The first record is the file-version event; then one per logged scalar.
            Assert.Contains("brain.Event:2", Encoding.ASCII.GetString(records[0]));
            Assert.True(records.Count > 1, file);
        }
        var independent = TensorBoardRecords.Read(eventFiles.Single(f => f.Contains(Path.DirectorySeparatorChar + "Independent" + Path.DirectorySeparatorChar)));
        string text = string.Concat(independent.Select(r => Encoding.ASCII.GetString(r)));
        Assert.Contains("Independent/Left.task", text);
        Assert.Contains("Independent/EmbeddingDistance(Left,Right)", text);
        // Quick mode: 1,024 training digits, batch 64, one epoch: 16 steps, 3 scalars each, plus the version record.
        Assert.Equal(1 + (16 * 3), independent.Count);
    }
}
