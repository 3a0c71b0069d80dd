using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DslCrossReg.Bench.Benchmarks;

namespace DslCrossReg.Bench.Steps;

/// <summary>A generated/hand-written ratio from interleaved blocks: its median and interquartile range.</summary>
public sealed record PairedRatio(StepMethod Method, NetSize Size, double Median, double Q1, double Q3, int Rounds, int StepsPerBlock);

/// <summary>
/// The step ratios measured a second way, robust to a machine whose load changes between benchmarks (BenchmarkDotNet
/// runs one benchmark after the other, so a neighbour's build during one of them skews the ratio): blocks of
/// generated and hand-written steps alternate, in alternating order, and each round gives one ratio.
/// </summary>
public static class PairedRatios
{
    /// <summary>Measures every method and size.</summary>
    public static List<PairedRatio> Measure(int rounds)
    {
        BenchSettings.Apply();
        // A first pass over every pair, unmeasured: whichever pair a fresh process measured first came out ≈ 6 % slower
        // on the generated side whatever its method (the process, its allocator and its JIT still settling), so
        // that --paired-only alone matched the full suite only after its first pair.
        foreach (var size in Enum.GetValues<NetSize>())
            foreach (var method in Enum.GetValues<StepMethod>())
            {
                using var warm = StepCase.Create(method, size, BenchData.DefaultBatch(size));
                for (int i = 0; i < 60; i++)
                {
                    warm.Generated();
                    warm.HandWritten();
                }
            }
        var results = new List<PairedRatio>();
        foreach (var size in Enum.GetValues<NetSize>())
        {
            foreach (var method in Enum.GetValues<StepMethod>())
            {
                using var pair = StepCase.Create(method, size, BenchData.DefaultBatch(size));
                pair.Verify();
                // Past the 30 calls after which .NET recompiles a method optimised, then time for the background
                // compilation: otherwise the first pair measured (with --paired-only, before anything else ran) times
                // the JIT as much as the steps.
                for (int i = 0; i < 60; i++)
                {
                    pair.Generated();
                    pair.HandWritten();
                }
                System.Threading.Thread.Sleep(300);
                // Blocks of about 60 ms and at least 8 steps: long against the timer and against one step's jitter (a
                // 2-thread MLP step on a shared machine varies by more than the margins looked for), short against load
                // changes.
                double estimate = Time(pair.HandWritten, 10) / 10;
                int block = Math.Max(8, (int)(0.060 / estimate));
                var ratios = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    double g, h;
                    if (r % 2 == 0)
                    {
                        g = Time(pair.Generated, block);
                        h = Time(pair.HandWritten, block);
                    }
                    else
                    {
                        h = Time(pair.HandWritten, block);
                        g = Time(pair.Generated, block);
                    }
                    ratios.Add(g / h);
                }
                ratios.Sort();
                results.Add(new PairedRatio(method, size, Quantile(ratios, 0.5), Quantile(ratios, 0.25), Quantile(ratios, 0.75), rounds, block));
            }
        }
        return results;
    }

    private static double Time(Func<double> step, int count)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) step();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Quantile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
