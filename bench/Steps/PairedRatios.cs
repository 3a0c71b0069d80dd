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
                WarmUp(warm);
            }
        var results = new List<PairedRatio>();
        foreach (var size in Enum.GetValues<NetSize>())
        {
            foreach (var method in Enum.GetValues<StepMethod>())
            {
                using var pair = StepCase.Create(method, size, BenchData.DefaultBatch(size));
                pair.Verify();
                // This pair's own first steps (optimizer state is made on the first), then time for the JIT's
                // background compilation.
                WarmUp(pair);
                System.Threading.Thread.Sleep(300);
                int block = Block(pair.HandWritten);
                var ratios = Interleave(pair.Generated, pair.HandWritten, rounds, block);
                results.Add(new PairedRatio(method, size, Quantile(ratios, 0.5), Quantile(ratios, 0.25), Quantile(ratios, 0.75), rounds, block));
            }
        }
        return results;
    }

    private static void WarmUp(StepCase pair)
    {
        // Past the 30 calls after which .NET recompiles a method optimised.
        for (int i = 0; i < 60; i++)
        {
            pair.Generated();
            pair.HandWritten();
        }
    }

    /// <summary>
    /// Steps per block for <paramref name="step"/>: about 60 ms and at least 8 steps, long against the timer and against
    /// one step's jitter (a 2-thread MLP step on a shared machine varies by more than the margins looked for), short
    /// against load changes.
    /// </summary>
    internal static int Block(Func<double> step) => Math.Max(8, (int)(0.060 / (Time(step, 10) / 10)));

    /// <summary>
    /// <paramref name="rounds"/> ratios, sorted, of the time of <paramref name="block"/> steps of <paramref name="measured"/>
    /// to as many of <paramref name="reference"/>, the two run back to back in alternating order.
    /// </summary>
    internal static List<double> Interleave(Func<double> measured, Func<double> reference, int rounds, int block)
    {
        var ratios = new List<double>(rounds);
        for (int r = 0; r < rounds; r++)
        {
            double m, h;
            if (r % 2 == 0)
            {
                m = Time(measured, block);
                h = Time(reference, block);
            }
            else
            {
                h = Time(reference, block);
                m = Time(measured, block);
            }
            ratios.Add(m / h);
        }
        ratios.Sort();
        return ratios;
    }

    /// <summary>Seconds for <paramref name="count"/> calls of <paramref name="step"/>.</summary>
    internal static double Time(Func<double> step, int count)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) step();
        return watch.Elapsed.TotalSeconds;
    }

    internal static double Quantile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
