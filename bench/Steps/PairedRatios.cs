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
        var results = new List<PairedRatio>();
        foreach (var size in Enum.GetValues<NetSize>())
        {
            foreach (var method in Enum.GetValues<StepMethod>())
            {
                using var pair = StepCase.Create(method, size, BenchData.DefaultBatch(size));
                pair.Verify();
                for (int i = 0; i < 20; i++)
                {
                    pair.Generated();
                    pair.HandWritten();
                }
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
