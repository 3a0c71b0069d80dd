using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DslCrossReg.Examples.TwoViewMnist;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Examples.Tests;

/// <summary>The main job in quick mode, in-process: it succeeds, every output exists and parses, and agrees with itself.</summary>
public sealed class TwoViewMnistQuickTests : QuickRunTest
{
    private static readonly string[] Rows =
    {
        Experiment.Independent, Experiment.Embedding, Experiment.Retrieval, Experiment.Teacher, Experiment.StudentAlone,
        Experiment.Distilled, Experiment.EnsembleIndependent, Experiment.EnsembleDiverse,
    };

    public TwoViewMnistQuickTests()
        : base("twoview")
    {
    }

    [Fact]
    public void The_crc_used_to_check_event_files_is_crc32c() => Assert.Equal(0xE3069283u, TensorBoardRecords.CheckValue());

    [Fact]
    public void Quick_run_over_two_seeds_writes_table_json_plots_event_files_and_diagrams()
    {
        Assert.Equal(0, TwoViewMnistApp.Run(QuickOptions, Experiment.AllMethods, seeds: 2));

        string results = File.ReadAllText(Path.Combine(Output, "results.md"));
        Assert.Contains("mean (min–max) over 2 seeds", results);
        foreach (var row in Rows)
            Assert.Contains("| " + row + " |", results);

        // results.json: every row over both seeds, every metric a {mean, min, max} with min ≤ mean ≤ max, and with
        // two seeds the mean is exactly halfway.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "results.json")));
        Assert.Equal(new long[] { 42, 43 }, json.RootElement.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetString()!);
        Assert.Equal(Rows, rows.Keys);
        var expectedMetrics = new Dictionary<string, string[]>
        {
            [Experiment.Independent] = new[] { "accuracy_left", "accuracy_right", "r_at_1" },
            [Experiment.Embedding] = new[] { "accuracy_left", "accuracy_right", "r_at_1" },
            [Experiment.Retrieval] = new[] { "r_at_1" },
            [Experiment.Teacher] = new[] { "accuracy", "errors" },
            [Experiment.StudentAlone] = new[] { "accuracy", "errors" },
            [Experiment.Distilled] = new[] { "accuracy", "errors", "gap_closed" },
            [Experiment.EnsembleIndependent] = new[] { "accuracy_a", "accuracy_b", "ensemble_accuracy", "disagreement" },
            [Experiment.EnsembleDiverse] = new[] { "accuracy_a", "accuracy_b", "ensemble_accuracy", "disagreement" },
        };
        foreach (var (name, row) in rows)
        {
            Assert.Equal(2, row.GetProperty("seeds").GetInt32());
            Assert.Equal(1, row.GetProperty("epochs").GetInt32());
            var metrics = row.GetProperty("metrics");
            Assert.Equal(expectedMetrics[name], metrics.EnumerateObject().Select(m => m.Name));
            foreach (var metric in metrics.EnumerateObject())
            {
                double mean = metric.Value.GetProperty("mean").GetDouble(), min = metric.Value.GetProperty("min").GetDouble(), max = metric.Value.GetProperty("max").GetDouble();
                Assert.InRange(mean, min, max);
                Assert.Equal((min + max) / 2, mean, 12);
                if (metric.Name != "errors" && metric.Name != "gap_closed") Assert.InRange(min, 0.0, 1.0);
            }
        }
        // Accuracy and errors are one count seen two ways (the test split has 512 digits in quick mode).
        foreach (string name in new[] { Experiment.Teacher, Experiment.StudentAlone, Experiment.Distilled })
        {
            var metrics = rows[name].GetProperty("metrics");
            Assert.Equal(1 - (metrics.GetProperty("errors").GetProperty("mean").GetDouble() / Digits.QuickTest), metrics.GetProperty("accuracy").GetProperty("mean").GetDouble(), 12);
        }

        AssertPlotsDiagramsAndEventFiles(runs: Rows.Length * 2, systems: 8);

        // Quick mode: 1,024 training digits, one epoch: 16 steps of 64, or 4 of 256 for the retrieval towers.
        foreach (long seed in new long[] { 42, 43 })
        {
            AssertRunLogs(Experiment.RunName(Experiment.Independent, seed), 16, "Left.task", "Right.task");
            AssertRunLogs(Experiment.RunName(Experiment.Embedding, seed), 16, "Left.task", "Right.task", "EmbeddingDistance(Left,Right)");
            AssertRunLogs(Experiment.RunName(Experiment.Retrieval, seed), 4, "Contrastive(Left,Right)");
            AssertRunLogs(Experiment.RunName(Experiment.StudentAlone, seed), 16, "Student.task");
            AssertRunLogs(Experiment.RunName(Experiment.Distilled, seed), 16, "Student.task", "Distillation(Teacher,Student)");
            AssertRunLogs(Experiment.RunName(Experiment.EnsembleDiverse, seed), 16, "A.task", "B.task", "OutputDisagreement(A,B)");
        }

        // The retrieval towers' learning rates follow a cosine from 1e-3 to 0 over the run's 4 steps.
        foreach (string member in new[] { "Left", "Right" })
        {
            var rates = Curves(Experiment.RunName(Experiment.Retrieval, 42)).Where(r => r.Kind == "lr" && r.Name == member).Select(r => double.Parse(r.Value, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(4, rates.Length);
            for (int k = 0; k < 4; k++)
                Assert.Equal(1e-3 * 0.5 * (1 + Math.Cos(Math.PI * k / 4)), rates[k], 12);
        }
    }

    [Fact]
    public void The_students_see_the_label_of_one_digit_in_ten_drawn_by_the_seed()
    {
        using var labels = torch.arange(1000, dtype: torch.ScalarType.Int64).remainder(10);
        using var few = Experiment.FewLabels(labels, 0.1, seed: 42);
        var original = labels.data<long>().ToArray();
        var kept = few.data<long>().ToArray();
        Assert.Equal(100, kept.Count(l => l != TaskLosses.Unlabeled));
        Assert.All(Enumerable.Range(0, 1000).Where(i => kept[i] != TaskLosses.Unlabeled), i => Assert.Equal(original[i], kept[i]));
        using var again = Experiment.FewLabels(labels, 0.1, seed: 42);
        using var other = Experiment.FewLabels(labels, 0.1, seed: 43);
        Assert.Equal(kept, again.data<long>().ToArray());
        Assert.NotEqual(kept, other.data<long>().ToArray());
        Assert.Equal(original, labels.data<long>().ToArray());
    }
}
