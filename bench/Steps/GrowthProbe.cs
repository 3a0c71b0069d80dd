using System;
using System.Diagnostics;
using System.Globalization;
using DslCrossReg.Bench.Benchmarks;

namespace DslCrossReg.Bench.Steps;

/// <summary>--growth: per-step time of consecutive blocks, to tell a cost that grows with the step count from noise.</summary>
public static class GrowthProbe
{
    /// <summary>Prints ms/step for consecutive blocks of each side, alternating.</summary>
    public static void Run(NetSize size, int blocks, int perBlock)
    {
        BenchSettings.Apply();
        using var pair = StepCase.Create(StepMethod.EmbeddingDistance, size, BenchData.DefaultBatch(size));
        pair.Verify();
        for (int b = 0; b < blocks; b++)
        {
            var w = Stopwatch.StartNew();
            for (int i = 0; i < perBlock; i++) pair.Generated();
            double g = w.Elapsed.TotalMilliseconds / perBlock;
            w.Restart();
            for (int i = 0; i < perBlock; i++) pair.HandWritten();
            double h = w.Elapsed.TotalMilliseconds / perBlock;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"block {b}: generated {g:F3} ms/step, hand-written {h:F3} ms/step"));
        }
    }
}
