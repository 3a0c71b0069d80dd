using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Soak;
using DslCrossReg.Bench.Steps;

namespace DslCrossReg.Bench;

/// <summary>The compact summary printed at the end of a run: ratios, rates and whether each target holds.</summary>
public static class ResultSummary
{
    private sealed record Row(string Type, string Method, string Parameters, double MeanNs, double ErrorNs);

    /// <summary>Prints the summary of <paramref name="summaries"/> and <paramref name="soak"/>.</summary>
    public static void Print(IEnumerable<Summary> summaries, IReadOnlyList<PairedRatio> paired, (SoakRun Generated, SoakRun Naive)? soak, BenchOptions options)
    {
        var rows = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Select(r => new Row(
                r.BenchmarkCase.Descriptor.Type.Name,
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                string.Join(" ", r.BenchmarkCase.Parameters.Items.Select(p => p.Value?.ToString())),
                r.ResultStatistics!.Mean,
                r.ResultStatistics.ConfidenceInterval.Margin))
            .ToList();

        var o = Console.Out;
        o.WriteLine();
        o.WriteLine("==== DslCrossReg benchmark summary ====");
        o.WriteLine(Machine.Describe(options));
        o.WriteLine("Mean ± error (99.9 % confidence half-width); ratio = generated / baseline.");

        var steps = rows.Where(r => r.Type == nameof(StepBenchmarks)).GroupBy(r => r.Parameters).ToList();
        if (steps.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("| Step | plainest loop | generated | ratio | target | met |");
            o.WriteLine("|---|---:|---:|---:|---:|:---:|");
            foreach (var g in steps)
            {
                var hand = g.FirstOrDefault(r => r.Method == nameof(StepBenchmarks.Plainest));
                var gen = g.FirstOrDefault(r => r.Method == nameof(StepBenchmarks.Generated));
                if (hand is null || gen is null) continue;
                double target = StepShape.All.FirstOrDefault(s => s.Label == g.Key)?.Target ?? 1.0;
                var (ratio, error) = Ratio(gen, hand);
                o.WriteLine(F($"| {g.Key} | {Time(hand)} | {Time(gen)} | {ratio:F3} ± {error:F3} | ≤ {target:F2} | {(ratio <= target ? "yes" : "NO")} |"));
            }
        }

        if (paired.Count > 0)
        {
            int runs = paired.Max(p => p.Runs.Count);
            o.WriteLine();
            o.WriteLine(F($"Interleaved ratios, generated / plainest loop (blocks of the two alternating; median over each run's rounds, then over {runs} runs, each with both sides built anew):"));
            o.WriteLine("| Step | median ratio | runs' medians | spread ratio (90 % interval) | generated ms/step (IQR) | plainest ms/step (IQR) | managed KB/step gen. / plainest | rounds × steps | target | ratio met | spread met |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|:---:|");
            foreach (var p in paired)
            {
                var last = p.Runs[^1];
                var interval = p.SpreadInterval;
                var (low, high) = interval;
                o.WriteLine(F($"| {p.Shape.Label} | {p.Median:F3} | {string.Join(", ", p.Runs.Select(r => r.Median.ToString("F3", CultureInfo.InvariantCulture)))} | {p.SpreadRatio:F2} ({low:F2} – {high:F2}) | {Ms(last.GeneratedMs)} | {Ms(last.PlainestMs)} | {last.GeneratedBytes / 1024:F1} / {last.PlainestBytes / 1024:F1} | {last.Ratios.Count} × {last.StepsPerBlock} | ≤ {p.Shape.Target:F2}, spread ≤ {PairedRatio.SpreadTarget:F2} | {(p.Median <= p.Shape.Target ? "yes" : "NO")} | {PairedRatio.SpreadVerdict(interval)} |"));
            }
            o.WriteLine("(Spread ratio: the generated step's interquartile range of block times over the plainest loop's, median over the runs; its 90 % interval by bootstrap over"
                + " each run's rounds; spread met: yes where the whole interval is at or below the target, NO where it is above, open where it contains it. Step times, IQRs and allocation: the last run.)");
            o.WriteLine();
            o.WriteLine("Spread of single steps (every step of every round timed on its own; the same rounds as above):");
            o.WriteLine("| Step | generated step IQR, ms | plainest step IQR, ms | step spread ratio (90 % interval) | target | step spread met | within-block ratio (90 % interval) |");
            o.WriteLine("|---|---:|---:|---:|---:|:---:|---:|");
            foreach (var p in paired)
            {
                var last = p.Runs[^1];
                var interval = p.StepSpreadInterval;
                var (low, high) = interval;
                var (withinLow, withinHigh) = p.WithinBlockSpreadInterval;
                o.WriteLine(F($"| {p.Shape.Label} | {last.GeneratedStepIqr:F3} | {last.PlainestStepIqr:F3} | {p.StepSpreadRatio:F2} ({low:F2} – {high:F2}) | ≤ {PairedRatio.SpreadTarget:F2} | {PairedRatio.SpreadVerdict(interval)} | {p.WithinBlockSpreadRatio:F2} ({withinLow:F2} – {withinHigh:F2}) |"));
            }
            o.WriteLine("(Step spread ratio: the interquartile range of the generated step's single step times over the plainest loop's, median over the runs; its 90 % interval"
                + " by bootstrap over each run's rounds, a round's steps kept together; met as for blocks. Within-block ratio: the median over the rounds of each block's own"
                + " interquartile range of step times, generated over plainest, median over the runs: each step's steadiness without the machine's drift between blocks. Step IQRs: the last run.)");
        }

        var forward = rows.Where(r => r.Type == nameof(ForwardBenchmarks)).GroupBy(r => r.Parameters).ToList();
        if (forward.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("| Forward (training mode) | nn.Sequential | generated | interpreter | generated / seq | interpreter / seq |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var g in forward)
            {
                var seq = g.FirstOrDefault(r => r.Method == nameof(ForwardBenchmarks.Sequential));
                var gen = g.FirstOrDefault(r => r.Method == nameof(ForwardBenchmarks.GeneratedModule));
                var interp = g.FirstOrDefault(r => r.Method == nameof(ForwardBenchmarks.Interpreter));
                if (seq is null || gen is null || interp is null) continue;
                o.WriteLine(F($"| {(g.Key == "Mlp" ? "MLP, batch 128" : "tiny, batch 8")} | {Time(seq)} | {Time(gen)} | {Time(interp)} | {Ratio(gen, seq).Ratio:F3} | {Ratio(interp, seq).Ratio:F3} |"));
            }
        }

        var cold = rows.FirstOrDefault(r => r.Method == nameof(GeneratorBenchmarks.Cold));
        var rerun = rows.FirstOrDefault(r => r.Method == nameof(GeneratorBenchmarks.RerunAfterUnrelatedEdit));
        if (cold is not null || rerun is not null)
        {
            o.WriteLine();
            o.WriteLine(F($"Generator, {GeneratorBenchmarks.Networks} networks + {GeneratorBenchmarks.Systems} systems (driver time):"));
            if (cold is not null) o.WriteLine(F($"  cold run            {Time(cold)}  target ≤ 150 ms: {(cold.MeanNs <= 150e6 ? "yes" : "NO")}"));
            if (rerun is not null) o.WriteLine(F($"  re-run after edit   {Time(rerun)}  target ≤ 10 ms: {(rerun.MeanNs <= 10e6 ? "yes" : "NO")}"));
            var floor = rows.FirstOrDefault(r => r.Method == nameof(GeneratorBenchmarks.RerunFloorWithoutOurGenerators));
            if (floor is not null) o.WriteLine(F($"  re-run floor, a driver with an empty generator: {Time(floor)}"));
            var lookup = rows.FirstOrDefault(r => r.Method == nameof(GeneratorBenchmarks.RerunFloorAttributeLookupOnly));
            if (lookup is not null) o.WriteLine(F($"  re-run floor, ForAttributeWithMetadataName of our 3 attributes, no transform: {Time(lookup)}"));
            o.WriteLine("  caching: " + GeneratorBenchmarks.CachingReport);
        }

        var analyzerRows = new[]
        {
            ("after editing one network, the edited file (what an editor runs)", nameof(GeneratorBenchmarks.AnalyzerEditedDocument), nameof(GeneratorBenchmarks.AnalyzerFloorEditedDocument)),
            ("after editing one network, all 151 files (what a build runs)", nameof(GeneratorBenchmarks.AnalyzerWholeCompilationAfterEdit), nameof(GeneratorBenchmarks.AnalyzerFloorWholeCompilationAfterEdit)),
        };
        foreach (var (label, ours, floorName) in analyzerRows)
        {
            var row = rows.FirstOrDefault(r => r.Method == ours);
            if (row is null) continue;
            var floorRow = rows.FirstOrDefault(r => r.Method == floorName);
            // Wall time: mostly the compiler binding the files, which any analyzer waits for (the floor shows how much);
            // the analyzer's own time, against the target, is --analyzer-probe's.
            o.WriteLine(F($"Analyzer {label}, wall time: {Time(row)}{(floorRow is null ? "" : "; floor (an analyzer of class declarations that does nothing): " + Time(floorRow))}"));
        }

        var step1024 = rows.FirstOrDefault(r => r.Method == nameof(ThroughputBenchmarks.GeneratedStepBatch1024));
        var mm = rows.FirstOrDefault(r => r.Method == nameof(ThroughputBenchmarks.MatrixProductsOfTheStep));
        if (step1024 is not null && mm is not null)
        {
            double flops = ThroughputBenchmarks.FlopsPerStep;
            o.WriteLine();
            o.WriteLine(F($"Throughput, MLP pair at batch {ThroughputBenchmarks.Batch} ({flops / 1e9:F3} GFLOP of matrix products per step):"));
            o.WriteLine(F($"  generated step {Time(step1024)} = {flops / step1024.MeanNs:F1} GFLOP/s; the same products by torch.mm {Time(mm)} = {flops / mm.MeanNs:F1} GFLOP/s"));
            o.WriteLine(F($"  achieved fraction of torch.mm throughput: {mm.MeanNs / step1024.MeanNs:P1}"));
        }

        if (soak is { } s)
        {
            o.WriteLine();
            o.WriteLine(F($"Memory soak ({s.Generated.Readings[^1].Step:N0} steps, growth after step 1,000, target < 2 %):"));
            foreach (var run in new[] { s.Generated, s.Naive })
            {
                var last = run.Readings[^1];
                o.WriteLine(F($"  {run.Name}: RSS {run.RssGrowthPercent:+0.0;-0.0} %, live tensors {run.TensorGrowthPercent:+0.0;-0.0} % (at step {last.Step:N0}: RSS {last.RssMiB:F0} MiB, {last.LiveTensors:N0} tensors){(run.StoppedBecause is null ? "" : "; " + run.StoppedBecause)}"));
            }
            bool met = s.Generated.RssGrowthPercent < 2 && s.Generated.TensorGrowthPercent < 2;
            o.WriteLine("  generated target met: " + (met ? "yes" : "NO"));
        }
    }

    private static (double Ratio, double Error) Ratio(Row numerator, Row denominator)
    {
        double ratio = numerator.MeanNs / denominator.MeanNs;
        double relative = Math.Sqrt(Math.Pow(numerator.ErrorNs / numerator.MeanNs, 2) + Math.Pow(denominator.ErrorNs / denominator.MeanNs, 2));
        return (ratio, ratio * relative);
    }

    private static string Ms(List<double> sorted)
        => F($"{PairedRatios.Quantile(sorted, 0.5):F3} ({PairedRatios.Quantile(sorted, 0.25):F3} – {PairedRatios.Quantile(sorted, 0.75):F3})");

    private static string Time(Row row) => row.MeanNs >= 1e6
        ? F($"{row.MeanNs / 1e6:F3} ± {row.ErrorNs / 1e6:F3} ms")
        : F($"{row.MeanNs / 1e3:F1} ± {row.ErrorNs / 1e3:F1} µs");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
