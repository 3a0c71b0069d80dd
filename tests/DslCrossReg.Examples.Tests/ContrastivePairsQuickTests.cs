using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DslCrossReg.Examples.ContrastivePairs;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Examples.Tests;

/// <summary>Scenario 4's example in quick mode, in-process, and its pair-level metrics on hand-computed numbers.</summary>
public sealed class ContrastivePairsQuickTests : QuickRunTest
{
    public ContrastivePairsQuickTests()
        : base("contrastive")
    {
    }

    [Fact]
    public void Auc_matches_hand_computed_examples()
    {
        // Similar pairs score 0.35 and 0.8, dissimilar 0.1 and 0.4: of the four (similar, dissimilar) comparisons,
        // 0.35 < 0.4 is the only one lost, so AUC = 3/4.
        Assert.Equal(0.75, PairMetrics.RocAuc(new[] { 0.1, 0.4, 0.35, 0.8 }, new[] { false, false, true, true }), 12);
        // A tie between a similar and a dissimilar pair counts one half: (0.5 vs 0.5) ½ + (0.5 vs 0.2) 1 + (0.9 vs 0.5) 1 + (0.9 vs 0.2) 1 = 3.5 of 4.
        Assert.Equal(0.875, PairMetrics.RocAuc(new[] { 0.5, 0.5, 0.2, 0.9 }, new[] { true, false, false, true }), 12);
        // Perfectly separated, perfectly reversed, all tied.
        Assert.Equal(1.0, PairMetrics.RocAuc(new[] { -2.0, -1.0, 3.0 }, new[] { false, false, true }), 12);
        Assert.Equal(0.0, PairMetrics.RocAuc(new[] { -2.0, -1.0, 3.0 }, new[] { true, true, false }), 12);
        Assert.Equal(0.5, PairMetrics.RocAuc(new[] { 1.0, 1.0, 1.0, 1.0 }, new[] { true, false, true, false }), 12);
        Assert.True(double.IsNaN(PairMetrics.RocAuc(new[] { 1.0, 2.0 }, new[] { true, true })));
    }

    [Fact]
    public void Auc_by_ranking_equals_counting_every_similar_dissimilar_comparison()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            // Scores on a coarse grid, so that ties are common.
            var scores = Enumerable.Range(0, 60).Select(_ => random.Next(12) / 4.0).ToArray();
            var similar = Enumerable.Range(0, 60).Select(_ => random.Next(2) == 1).ToArray();
            double wins = 0;
            int comparisons = 0;
            for (int i = 0; i < scores.Length; i++)
                for (int j = 0; j < scores.Length; j++)
                {
                    if (!similar[i] || similar[j]) continue;
                    comparisons++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            Assert.Equal(wins / comparisons, PairMetrics.RocAuc(scores, similar), 12);
        }
    }

    [Fact]
    public void Best_threshold_maximises_training_accuracy()
    {
        double[] scores = { 0.1, 0.2, 0.35, 0.4, 0.45, 0.8, 0.9 };
        bool[] similar = { false, false, true, false, false, true, true };
        // Between 0.45 and 0.8 six of seven are right (only the similar 0.35 is lost); between 0.2 and 0.35 five.
        double t = PairMetrics.BestThreshold(scores, similar);
        Assert.Equal(0.625, t, 12);
        Assert.Equal(6 / 7.0, PairMetrics.AccuracyAt(scores, similar, t), 12);
        Assert.Equal(3 / 7.0, PairMetrics.AccuracyAt(scores, similar, 0), 12);
        // When two thresholds tie (0.225 and 0.6 both get four of five right), the lower one is taken.
        Assert.Equal(0.225, PairMetrics.BestThreshold(new[] { 0.1, 0.4, 0.35, 0.8, 0.9 }, new[] { false, false, true, true, true }), 12);
    }

    [Fact]
    public void Pairs_are_balanced_labelled_by_class_and_fixed_by_the_seed()
    {
        var labels = torch.tensor(Enumerable.Range(0, 200).Select(i => (long)(i % 10)).ToArray());
        var images = torch.rand(200, 1, 28, 28);
        var pairs = Pairs.Build(images, labels, seed: 42, stream: 0);
        long[] classes = labels.data<long>().ToArray();

        Assert.Equal(100, pairs.Similar.Count(s => s));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), pairs.LeftIndex.OrderBy(i => i));
        for (int k = 0; k < pairs.Count; k++)
        {
            Assert.Equal(pairs.Similar[k], classes[pairs.LeftIndex[k]] == classes[pairs.RightIndex[k]]);
            Assert.NotEqual(pairs.LeftIndex[k], pairs.RightIndex[k]);
        }

        var again = Pairs.Build(images, labels, seed: 42, stream: 0);
        Assert.Equal(pairs.RightIndex, again.RightIndex);
        Assert.Equal(pairs.LeftIndex, again.LeftIndex);
        Assert.NotEqual(pairs.RightIndex, Pairs.Build(images, labels, seed: 42, stream: 1).RightIndex);
    }

    [Fact]
    public void Quick_run_writes_table_plots_event_files_and_diagrams()
    {
        var options = QuickOptions;
        Assert.Equal(0, ContrastivePairsApp.Run(options));

        string[] results = File.ReadAllLines(Path.Combine(Output, "results.md"));
        foreach (var row in Experiment.Rows)
            Assert.Contains(results, line => line.StartsWith("| " + row + " |", StringComparison.Ordinal));
        // Every AUC is a probability, and InfoNCE already ranks similar test pairs above dissimilar ones after 16 steps.
        double Auc(string row) => double.Parse(results.Single(l => l.StartsWith("| " + row + " |", StringComparison.Ordinal)).Split('|')[4], CultureInfo.InvariantCulture);
        Assert.All(Experiment.Rows, row => Assert.InRange(Auc(row), 0.0, 1.0));
        Assert.True(Auc(Experiment.Rows[3]) > 0.6, $"InfoNCE's test AUC {Auc(Experiment.Rows[3])} is near chance.");

        AssertPlotsDiagramsAndEventFiles(runs: 4, systems: 4);

        // Quick mode: 1,024 training pairs, batch 64, one epoch: 16 steps of one term each (no task losses). InfoNCE
        // steps on the similar half of the same 16 batches.
        foreach (var row in Experiment.Rows)
            AssertRunLogs(row, 16, "Contrastive(Left,Right)");
    }
}
