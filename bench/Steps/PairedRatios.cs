using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DslCrossReg.Bench.Benchmarks;

namespace DslCrossReg.Bench.Steps;

/// <summary>One round of one run: each side's block in ms/step and each of its steps in ms, in the order they ran.</summary>
public sealed record PairedRound(double Generated, double Plainest, double[] GeneratedSteps, double[] PlainestSteps);

/// <summary>One run of one shape: the generated/plainest ratio over interleaved rounds, each side's block times and allocation.</summary>
/// <param name="Ratios">Generated / plainest per round, sorted.</param>
/// <param name="GeneratedMs">The generated step's ms/step per block, sorted.</param>
/// <param name="PlainestMs">The plainest loop's ms/step per block, sorted.</param>
/// <param name="StepsPerBlock">Steps per block.</param>
/// <param name="GeneratedBytes">Managed bytes the generated step allocates, per step.</param>
/// <param name="PlainestBytes">Managed bytes the plainest loop allocates, per step.</param>
/// <param name="Rounds">Each round in the order the rounds ran: the two blocks of a round ran back to back.</param>
public sealed record PairedRun(List<double> Ratios, List<double> GeneratedMs, List<double> PlainestMs, int StepsPerBlock, double GeneratedBytes, double PlainestBytes,
    IReadOnlyList<PairedRound> Rounds)
{
    /// <summary>The median ratio of this run.</summary>
    public double Median => PairedRatios.Quantile(Ratios, 0.5);

    /// <summary>The generated step's interquartile range of block times over the plainest loop's (target ≤ 1.1).</summary>
    public double SpreadRatio => Width(GeneratedMs) / Width(PlainestMs);

    /// <summary>The generated step's interquartile range of single step times over the plainest loop's, every step of every round.</summary>
    public double StepSpreadRatio => StepSpreadRatioOf(AllRounds);

    /// <summary>The generated step's single steps' interquartile range in ms, every step of every round.</summary>
    public double GeneratedStepIqr => Width(Steps(AllRounds, r => r.GeneratedSteps));

    /// <summary>The plainest loop's single steps' interquartile range in ms, every step of every round.</summary>
    public double PlainestStepIqr => Width(Steps(AllRounds, r => r.PlainestSteps));

    /// <summary>Every round's index: the picks of the measurement itself, not a resample.</summary>
    private int[] AllRounds => Enumerable.Range(0, Rounds.Count).ToArray();

    /// <summary>The spread ratio of the rounds at <paramref name="picks"/> (a resample of this run's rounds, each round's two blocks kept together).</summary>
    internal double SpreadRatioOf(int[] picks)
    {
        var generated = picks.Select(i => Rounds[i].Generated).Order().ToList();
        var plainest = picks.Select(i => Rounds[i].Plainest).Order().ToList();
        return Width(generated) / Width(plainest);
    }

    /// <summary>
    /// The single-step spread ratio of the rounds at <paramref name="picks"/>: a resample of whole rounds, each round's
    /// steps kept together (steps of one block are not independent of each other: the machine's state is shared).
    /// </summary>
    internal double StepSpreadRatioOf(int[] picks)
        => Width(Steps(picks, r => r.GeneratedSteps)) / Width(Steps(picks, r => r.PlainestSteps));

    /// <summary>
    /// The median over the rounds at <paramref name="picks"/> of each generated block's own interquartile range of step
    /// times, over the same for the plainest loop's blocks: each side's steadiness within a block of back-to-back steps,
    /// where the machine's slower drift (which moves whole blocks of both sides) hardly enters.
    /// </summary>
    internal double WithinBlockSpreadRatioOf(int[] picks)
        => PairedRatios.Median(picks.Select(i => Width(Sorted(Rounds[i].GeneratedSteps)))) / PairedRatios.Median(picks.Select(i => Width(Sorted(Rounds[i].PlainestSteps))));

    /// <summary><see cref="WithinBlockSpreadRatioOf"/> over every round.</summary>
    public double WithinBlockSpreadRatio => WithinBlockSpreadRatioOf(AllRounds);

    private static List<double> Sorted(double[] values)
    {
        var list = new List<double>(values);
        list.Sort();
        return list;
    }

    private List<double> Steps(int[] picks, Func<PairedRound, double[]> side)
    {
        var all = new List<double>(picks.Length * StepsPerBlock);
        foreach (int i in picks) all.AddRange(side(Rounds[i]));
        all.Sort();
        return all;
    }

    private static double Width(List<double> sorted) => PairedRatios.Quantile(sorted, 0.75) - PairedRatios.Quantile(sorted, 0.25);
}

/// <summary>Every run of one shape.</summary>
public sealed record PairedRatio(StepShape Shape, IReadOnlyList<PairedRun> Runs)
{
    /// <summary>The median of the runs' median ratios.</summary>
    public double Median => PairedRatios.Median(Runs.Select(r => r.Median));

    /// <summary>The median of the runs' block spread ratios.</summary>
    public double SpreadRatio => PairedRatios.Median(Runs.Select(r => r.SpreadRatio));

    /// <summary>The median of the runs' single-step spread ratios.</summary>
    public double StepSpreadRatio => PairedRatios.Median(Runs.Select(r => r.StepSpreadRatio));

    /// <summary>The median of the runs' within-block spread ratios.</summary>
    public double WithinBlockSpreadRatio => PairedRatios.Median(Runs.Select(r => r.WithinBlockSpreadRatio));

    /// <summary>A 90 % interval of <see cref="WithinBlockSpreadRatio"/>, resampling whole rounds.</summary>
    public (double Low, double High) WithinBlockSpreadInterval => Interval((run, picks) => run.WithinBlockSpreadRatioOf(picks));

    /// <summary>
    /// A 90 % interval of <see cref="SpreadRatio"/> (percentile bootstrap, 2,000 resamples of each run's rounds with
    /// their two blocks kept together, a fixed seed): how far the sampling of the rounds alone moves the measured
    /// spread ratio. An interquartile range estimated from 31 blocks is uncertain by about a fifth (relative standard
    /// deviation 0.21 for normal block times), the ratio of two of them by about a third (0.32): two steps of equal
    /// steadiness measure above 1.1 in 31 % of shapes even as the median of three runs, about four misses in a suite
    /// of thirteen on sampling noise alone (a simulation, bench/README.md). The target counts as met where the whole
    /// interval is at or below 1.1, as missed where the whole interval is above, and as not resolved by the
    /// measurement otherwise.
    /// </summary>
    public (double Low, double High) SpreadInterval => Interval((run, picks) => run.SpreadRatioOf(picks));

    /// <summary>
    /// A 90 % interval of <see cref="StepSpreadRatio"/>, resampling whole rounds as <see cref="SpreadInterval"/> does:
    /// a round holds a block of steps per side, so the interquartile range of single steps is estimated from hundreds
    /// to thousands of steps instead of 31 blocks, and the interval is narrow enough to decide the target.
    /// </summary>
    public (double Low, double High) StepSpreadInterval => Interval((run, picks) => run.StepSpreadRatioOf(picks));

    private (double Low, double High) Interval(Func<PairedRun, int[], double> statistic)
    {
        var random = new Random(20261207);
        var perRun = new double[Runs.Count];
        var resampled = new List<double>(Resamples);
        for (int b = 0; b < Resamples; b++)
        {
            for (int r = 0; r < Runs.Count; r++)
            {
                int n = Runs[r].Rounds.Count;
                var picks = new int[n];
                for (int i = 0; i < n; i++) picks[i] = random.Next(n);
                perRun[r] = statistic(Runs[r], picks);
            }
            resampled.Add(PairedRatios.Median(perRun));
        }
        resampled.Sort();
        return (PairedRatios.Quantile(resampled, 0.05), PairedRatios.Quantile(resampled, 0.95));
    }

    /// <summary>"yes", "NO", or "open" (the interval contains the target) for a <see cref="SpreadInterval"/> or <see cref="StepSpreadInterval"/>.</summary>
    public static string SpreadVerdict((double Low, double High) interval)
        => interval.High <= SpreadTarget ? "yes" : interval.Low > SpreadTarget ? "NO" : "open";

    /// <summary>The target: the generated step's interquartile range at most 1.1 times the plainest loop's.</summary>
    public const double SpreadTarget = 1.1;

    private const int Resamples = 2000;
}

/// <summary>
/// The step ratios, robust to a machine whose load changes (BenchmarkDotNet runs one benchmark after the other, so a
/// neighbour's build during one of them skews its ratio): blocks of generated and plainest steps alternate, in
/// alternating order, and each round gives one ratio. Each run builds both sides anew; the result per shape is the
/// median of its runs' medians.
/// </summary>
public static class PairedRatios
{
    /// <summary>Measures every shape of <see cref="StepShape.All"/> (or those whose label contains <paramref name="filter"/>) <paramref name="runs"/> times.</summary>
    public static List<PairedRatio> Measure(int rounds, int runs, string? filter = null)
    {
        BenchSettings.Apply();
        var shapes = StepShape.All.Where(s => filter is null || s.Label.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        // A first pass over every shape, unmeasured: whichever shape a fresh process measured first came out slower
        // on one side or the other (the process, its allocator and its JIT still settling).
        foreach (var shape in shapes)
        {
            using var warm = PlainestCase.Create(shape);
            WarmUp(warm);
        }
        var results = new List<PairedRatio>();
        foreach (var shape in shapes)
        {
            var measured = new List<PairedRun>();
            for (int run = 0; run < runs; run++)
            {
                using var pair = PlainestCase.Create(shape);
                pair.Verify();
                // This pair's own first steps (optimizer state is made on the first), then time for the JIT's
                // background compilation.
                WarmUp(pair);
                System.Threading.Thread.Sleep(300);
                int block = Block(pair.Plainest);
                var (ratios, generated, plainest, inOrder) = InterleaveRounds(pair.Generated, pair.Plainest, rounds, block);
                measured.Add(new PairedRun(ratios, generated, plainest, block, AllocatedPerStep(pair.Generated), AllocatedPerStep(pair.Plainest), inOrder));
            }
            results.Add(new PairedRatio(shape, measured));
        }
        return results;
    }

    private static void WarmUp(PlainestCase pair)
    {
        // Past the 30 calls after which .NET recompiles a method optimised: 60 steps, or 35 where a step is long
        // (above 25 ms: the conv pair, batch 1,024, eight members), which is past it too.
        var watch = Stopwatch.StartNew();
        pair.Generated();
        pair.Plainest();
        int steps = watch.Elapsed.TotalMilliseconds > 50 ? 35 : 60;
        for (int i = 1; i < steps; i++)
        {
            pair.Generated();
            pair.Plainest();
        }
    }

    /// <summary>Managed bytes one call of <paramref name="step"/> allocates on this thread, over 20 calls.</summary>
    internal static double AllocatedPerStep(Func<double> step)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) step();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 20.0;
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
        => InterleaveTimes(measured, reference, rounds, block).Ratios;

    /// <summary>As <see cref="Interleave"/>, with each side's ms/step per block (sorted) as well.</summary>
    internal static (List<double> Ratios, List<double> MeasuredMs, List<double> ReferenceMs) InterleaveTimes(Func<double> measured, Func<double> reference, int rounds, int block)
    {
        var (ratios, measuredMs, referenceMs, _) = InterleaveRounds(measured, reference, rounds, block);
        return (ratios, measuredMs, referenceMs);
    }

    /// <summary>As <see cref="InterleaveTimes"/>, with each round's two blocks and their single steps in the order the rounds ran as well.</summary>
    internal static (List<double> Ratios, List<double> MeasuredMs, List<double> ReferenceMs, List<PairedRound> Rounds) InterleaveRounds(Func<double> measured, Func<double> reference, int rounds, int block)
    {
        var inOrder = new List<PairedRound>(rounds);
        var ratios = new List<double>(rounds);
        var measuredMs = new List<double>(rounds);
        var referenceMs = new List<double>(rounds);
        for (int r = 0; r < rounds; r++)
        {
            // Made before the blocks run: nothing is allocated while they are timed.
            var measuredSteps = new double[block];
            var referenceSteps = new double[block];
            double m, h;
            if (r % 2 == 0)
            {
                m = Time(measured, block, measuredSteps);
                h = Time(reference, block, referenceSteps);
            }
            else
            {
                h = Time(reference, block, referenceSteps);
                m = Time(measured, block, measuredSteps);
            }
            ratios.Add(m / h);
            measuredMs.Add(m * 1e3 / block);
            referenceMs.Add(h * 1e3 / block);
            inOrder.Add(new PairedRound(m * 1e3 / block, h * 1e3 / block, measuredSteps, referenceSteps));
        }
        ratios.Sort();
        measuredMs.Sort();
        referenceMs.Sort();
        return (ratios, measuredMs, referenceMs, inOrder);
    }

    /// <summary>Seconds for <paramref name="count"/> calls of <paramref name="step"/>.</summary>
    internal static double Time(Func<double> step, int count)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) step();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>As <see cref="Time(Func{double}, int)"/>, with each call's milliseconds in <paramref name="steps"/> (the block's time is their sum).</summary>
    internal static double Time(Func<double> step, int count, double[] steps)
    {
        long start = Stopwatch.GetTimestamp(), previous = start;
        for (int i = 0; i < count; i++)
        {
            step();
            long now = Stopwatch.GetTimestamp();
            steps[i] = (now - previous) * 1e3 / Stopwatch.Frequency;
            previous = now;
        }
        return (double)(previous - start) / Stopwatch.Frequency;
    }

    /// <summary>The median of <paramref name="values"/>, in any order.</summary>
    internal static double Median(IEnumerable<double> values) => Quantile(values.Order().ToList(), 0.5);

    internal static double Quantile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
