using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DslCrossReg.Examples.SharedNormalization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.Tests;

/// <summary>Scenario 3's example in quick mode, in-process, and its shared statistics checked against plain loops.</summary>
public sealed class SharedNormalizationQuickTests : QuickRunTest
{
    public SharedNormalizationQuickTests()
        : base("sharednorm")
    {
    }

    [Fact]
    public void Quick_run_writes_table_plots_event_files_and_diagrams()
    {
        Assert.Equal(0, SharedNormalizationApp.Run(QuickOptions));

        string results = File.ReadAllText(Path.Combine(Output, "results.md"));
        // Cells split at unescaped pipes (the notes hold escaped ones, as in |mean|).
        var rows = results.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1)
            .Select(l => Regex.Split(l, @"(?<!\\)\|").Select(c => c.Trim()).ToArray())
            .ToDictionary(cells => cells[1]);
        Assert.Equal(Experiment.RowNames, rows.Keys.ToArray());

        // Accuracies are fractions; the pairs that learn in 16 steps are above chance. (Range may not: in quick
        // mode its argmax collapses onto one class, which the README explains.)
        foreach (var (name, cells) in rows)
        {
            var accuracies = Regex.Matches(cells[2], @"([0-9.]+) %").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 100).ToList();
            Assert.Equal(2, accuracies.Count);
            Assert.All(accuracies, a => Assert.InRange(a, 0, 1));
            if (name != "Range") Assert.All(accuracies, a => Assert.True(a > 0.2, $"{name}: accuracy {a} is not above chance"));
        }

        // Only shared statistics make First's loss depend on Second's outputs.
        foreach (var name in new[] { "No normalisation", "Range", "Standardize" })
            Assert.EndsWith("(unchanged)", rows[name][5]);
        var coupling = Regex.Match(rows["SharedStandardize"][5], @"^([0-9.Ee+-]+) → ([0-9.Ee+-]+)$");
        Assert.True(coupling.Success, rows["SharedStandardize"][5]);
        Assert.NotEqual(coupling.Groups[1].Value, coupling.Groups[2].Value);

        // A constant row: the published min–max gives NaN everywhere, the declared one a finite loss and an applied step.
        Assert.Contains("step applied", rows["Range"][8]);
        Assert.Contains("640/640 NaN", rows["Range"][8]);

        AssertPlotsDiagramsAndEventFiles(runs: 4, systems: 4);

        // 1,024 digits, batch 64, one epoch: 16 steps of the two task terms.
        foreach (var name in Experiment.RowNames)
            AssertRunLogs(name, 16, "First.task", "Second.task");
    }

    [Fact]
    public void Shared_standardisation_pools_both_networks_statistics_as_plain_loops_compute_them()
    {
        const int n = 3, width = Mlp.OutputSize;
        using var system = new SharedStandardizedPair(seed: 7);
        using var scope = torch.NewDisposeScope();
        var input = torch.rand(new long[] { n, 784 }, generator: new torch.Generator(11));
        var target = Targets.SharedStandardized(Targets.OneHot(torch.tensor(new long[] { 3, 0, 9 })));
        var batch = new SharedStandardizedPair.Batch(input, target, target);
        var outputs = system.Evaluate(batch);
        double[,] a = ToArray(outputs.First.Result), b = ToArray(outputs.Second.Result), t = ToArray(target);

        // Per sample, mean and population variance of the 20 values of both rows; both rows normalised with them.
        static (double[,] A, double[,] B) Shared(double[,] a, double[,] b)
        {
            var (ya, yb) = (new double[n, width], new double[n, width]);
            for (int i = 0; i < n; i++)
            {
                double sum = 0, squares = 0;
                for (int j = 0; j < width; j++) sum += a[i, j] + b[i, j];
                double mean = sum / (2 * width);
                for (int j = 0; j < width; j++) squares += (a[i, j] - mean) * (a[i, j] - mean) + (b[i, j] - mean) * (b[i, j] - mean);
                double scale = 1 / Math.Sqrt(squares / (2 * width) + 1e-8);
                for (int j = 0; j < width; j++) (ya[i, j], yb[i, j]) = ((a[i, j] - mean) * scale, (b[i, j] - mean) * scale);
            }
            return (ya, yb);
        }
        static double Mse(double[,] y, double[,] target)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < width; j++) sum += (y[i, j] - target[i, j]) * (y[i, j] - target[i, j]);
            return sum / (n * width);
        }

        var (sharedA, sharedB) = Shared(a, b);
        for (int i = 0; i < n; i++)
        {
            // Pooled over both rows the normalised values have mean 0 and variance 1; First's row alone does not.
            double pooledMean = 0, firstMean = 0;
            for (int j = 0; j < width; j++) (pooledMean, firstMean) = (pooledMean + sharedA[i, j] + sharedB[i, j], firstMean + sharedA[i, j]);
            pooledMean /= 2 * width;
            firstMean /= width;
            double pooledVariance = 0;
            for (int j = 0; j < width; j++) pooledVariance += Math.Pow(sharedA[i, j] - pooledMean, 2) + Math.Pow(sharedB[i, j] - pooledMean, 2);
            Assert.Equal(0, pooledMean, 1e-9);
            // 1 up to ε: the variance is divided by var + 1e-8, and an untrained network's is only ≈ 1e-2.
            Assert.Equal(1, pooledVariance / (2 * width), 1e-4);
            Assert.True(Math.Abs(firstMean) > 1e-3, $"sample {i}: First's normalised row alone has mean {firstMean}");
        }

        // The generated loss is the MSE after the shared normalisation, not after each network's own (the published bug).
        using (var loss = system.Loss(batch))
        {
            Assert.Equal(Mse(sharedA, t), loss.Terms["First.task"].ToDouble(), 1e-5);
            Assert.Equal(Mse(sharedB, t), loss.Terms["Second.task"].ToDouble(), 1e-5);
            var (ownA, _) = Shared(a, a);
            Assert.True(Math.Abs(Mse(ownA, t) - loss.Terms["First.task"].ToDouble()) > 1e-3, "the loss equals per-network standardisation");

            // Through the pooled statistics, First's loss has a gradient in Second's parameters too.
            loss.Terms["First.task"].backward();
            Assert.Contains(system.Second.parameters(), p => p.grad is { } g && g.abs().max().ToDouble() > 0);
        }

        // The example's coupling check: Second's outputs + 1 change First's loss exactly as the loops predict.
        var shifted = (double[,])b.Clone();
        for (int i = 0; i < n; i++) for (int j = 0; j < width; j++) shifted[i, j] += 1;
        var (before, after) = Checks.Coupling(system, system.Second, batch);
        Assert.Equal(Mse(sharedA, t), before, 1e-5);
        Assert.Equal(Mse(Shared(a, shifted).A, t), after, 1e-5);
        Assert.True(Math.Abs(after - before) > 1e-3);
    }

    private static double[,] ToArray(Tensor matrix)
    {
        var values = matrix.to_type(ScalarType.Float64).data<double>().ToArray();
        int rows = (int)matrix.shape[0], columns = (int)matrix.shape[1];
        var result = new double[rows, columns];
        for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) result[i, j] = values[(i * columns) + j];
        return result;
    }
}
