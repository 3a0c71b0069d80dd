using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Bench.Steps;

/// <summary>
/// --spread-noise: how far sampling alone moves the spread ratio the paired bench reports, without running a step. Two
/// sides of exactly equal steadiness (normal block times of the same spread) are sampled as the bench samples them
/// (31 rounds, three runs, the median of the runs' ratios), 20,000 times with a fixed seed: the relative standard
/// deviation of one interquartile range and of the ratio of two, how often the ratio comes out above 1.1, and how many
/// of thirteen shapes would then miss the target on noise alone.
/// </summary>
public static class SpreadNoise
{
    public static void Run(int rounds = 31, int runs = 3, int trials = 20000)
    {
        var random = new Random(20261207);
        var single = new List<double>(trials);
        var ratios = new List<double>(trials);
        var medians = new List<double>(trials);
        var perRun = new double[runs];
        for (int t = 0; t < trials; t++)
        {
            for (int r = 0; r < runs; r++)
            {
                double a = Iqr(Sample(random, rounds)), b = Iqr(Sample(random, rounds));
                if (r == 0)
                {
                    single.Add(a);
                    ratios.Add(a / b);
                }
                perRun[r] = a / b;
            }
            Array.Sort(perRun);
            medians.Add(perRun[runs / 2]);
        }
        double aboveOne = ratios.Count(x => x > PairedRatio.SpreadTarget) / (double)trials;
        double aboveMedian = medians.Count(x => x > PairedRatio.SpreadTarget) / (double)trials;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Equal steadiness, {rounds} rounds, {runs} runs, {trials} trials: relative SD of one IQR {Sd(single) / single.Average():F3}, of the ratio of two {Sd(ratios) / ratios.Average():F3}; ratio > {PairedRatio.SpreadTarget:F1} in {aboveOne:P1} of single runs and {aboveMedian:P1} of medians of {runs}; expected misses in 13 shapes {13 * aboveMedian:F1}"));
    }

    private static double[] Sample(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box–Muller: a standard normal from two uniforms.
            double u = 1.0 - random.NextDouble(), v = random.NextDouble();
            values[i] = Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
        }
        Array.Sort(values);
        return values;
    }

    private static double Iqr(double[] sorted)
    {
        var list = sorted.ToList();
        return PairedRatios.Quantile(list, 0.75) - PairedRatios.Quantile(list, 0.25);
    }

    private static double Sd(List<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1));
    }
}
