using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DslCrossReg.Examples.CrossRegularization;
using Xunit;

namespace DslCrossReg.Examples.Tests;

/// <summary>Scenario 1's example in quick mode, in-process: it succeeds, every output exists and parses, and its numbers hold up.</summary>
public sealed class CrossRegularizationQuickTests : QuickRunTest
{
    public CrossRegularizationQuickTests()
        : base("crossreg")
    {
    }

    [Fact]
    public void Quick_run_writes_table_plots_event_files_and_diagrams_and_keeps_the_teacher_untouched()
    {
        Assert.Equal(0, CrossRegularizationApp.Run(QuickOptions));

        // The table: one row per method, accuracies on the test split in [0, 1] and above chance (10%) after training.
        var rows = Rows(File.ReadAllText(Path.Combine(Output, "results.md")));
        Assert.Equal(CrossRegularizationApp.Methods, rows.Keys);
        foreach (var (method, cells) in rows)
        {
            var accuracies = cells[1].Split(", ").Select(Percent).ToArray();
            Assert.Equal(2, accuracies.Length);
            Assert.All(accuracies, a => Assert.InRange(a, 0.2, 1.0));
            Assert.True(double.Parse(cells[2], CultureInfo.InvariantCulture) > 0, method + ": mean distance");
            Assert.InRange(Percent(cells[3]), 0.0, 1.0);
            Assert.Equal(method == "Adversarial", cells[4] != "–");
        }
        Assert.InRange(Percent(rows["Adversarial"][4]), 0.0, 1.0);
        // The teacher (Left) of the distillation row learns from its own task only, with the baseline's seed and
        // batches: had the student's backward reached it, its accuracy would differ from the baseline's Left.
        Assert.Equal(rows["No cross term"][1].Split(", ")[0], rows["Distillation (L2)"][1].Split(", ")[0]);

        // The same, step by step: the teacher's task loss is the baseline's to the last bit, while the student's is
        // not (the distillation term pulls it), and an embedding distance at 0.1 does move Left.
        Assert.Equal(Series("No cross term", "Left.task"), Series("Distillation (L2)", "Left.task"));
        Assert.NotEqual(Series("No cross term", "Right.task"), Series("Distillation (L2)", "Right.task"));
        Assert.NotEqual(Series("No cross term", "Left.task"), Series("EmbeddingDistance", "Left.task"));

        AssertPlotsDiagramsAndEventFiles(runs: 4, systems: 4);
        Assert.Contains("(detached embeddings)", File.ReadAllText(Path.Combine(Output, "diagrams", "AdversarialPair.md")));
        Assert.Contains("Left -- Embedding, detached --> term0", File.ReadAllText(Path.Combine(Output, "diagrams", "DistillationPair.md")));

        // Quick mode: 1,024 training digits, batch 64, one epoch: 16 steps. Each step logs both task losses and the
        // cross term (the baseline has none), and the adversarial row also the discriminator's loss.
        AssertRunLogs("No cross term", 16, "Left.task", "Right.task");
        AssertRunLogs("EmbeddingDistance", 16, "Left.task", "Right.task", "EmbeddingDistance(Left,Right)");
        AssertRunLogs("Adversarial", 16, "Left.task", "Right.task", "Adversarial(Left,Right)", "Adversarial(Left,Right).discriminator");
        AssertRunLogs("Distillation (L2)", 16, "Left.task", "Right.task", "Distillation(Left,Right)");
    }

    /// <summary>The cells of each row of the results table, by method (the first cell).</summary>
    private static Dictionary<string, string[]> Rows(string markdown)
        => markdown.Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && CrossRegularizationApp.Methods.Any(m => l.StartsWith("| " + m + " |", StringComparison.Ordinal)))
            .Select(l => l.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
            .ToDictionary(cells => cells[0]);

    /// <summary>"49.6 %" as 0.496.</summary>
    private static double Percent(string cell) => double.Parse(cell.Replace("%", string.Empty).Trim(), CultureInfo.InvariantCulture) / 100;
}
