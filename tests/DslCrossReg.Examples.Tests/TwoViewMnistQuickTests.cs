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

        // Quick mode: 1,024 training digits, batch 64, one epoch: 16 steps.
        AssertRunLogs("Independent", 16, "Left.task", "Right.task");
        AssertRunLogs("EmbeddingDistance", 16, "Left.task", "Right.task", "EmbeddingDistance(Left,Right)");
        AssertRunLogs("Distilled student", 16, "Student.task", "Distillation(Teacher,Student)");
    }
}
