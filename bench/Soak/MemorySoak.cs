using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Steps;
using DslCrossReg.Bench.Systems;
using DslCrossReg.Losses;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Bench.Soak;

/// <summary>One reading of the process's memory.</summary>
public sealed record MemoryReading(int Step, double RssMiB, double ManagedMiB, long LiveTensors);

/// <summary>A loop's readings and its growth after the first 1,000 steps.</summary>
public sealed record SoakRun(string Name, IReadOnlyList<MemoryReading> Readings, string? StoppedBecause)
{
    /// <summary>Largest RSS after step 1,000 relative to the RSS at step 1,000, in percent.</summary>
    public double RssGrowthPercent => Growth(r => r.RssMiB);

    /// <summary>Largest live tensor count after step 1,000 relative to the count at step 1,000, in percent.</summary>
    public double TensorGrowthPercent => Growth(r => r.LiveTensors);

    private double Growth(Func<MemoryReading, double> value)
    {
        var from = Readings.FirstOrDefault(r => r.Step == MemorySoak.Every);
        if (from is null) return double.NaN;
        double peak = Readings.Where(r => r.Step >= MemorySoak.Every).Max(value);
        return 100 * (peak - value(from)) / Math.Max(value(from), 1);
    }
}

/// <summary>
/// The memory soak: many Steps of SoakPair (MLP pair, embedding distance + InfoNCE), reading RSS, the managed heap
/// and TorchSharp's live tensor count every 1,000 steps; then the same update written naively by hand, without a
/// dispose scope, as the contrast.
/// </summary>
public static class MemorySoak
{
    /// <summary>Steps between readings.</summary>
    public const int Every = 1000;

    /// <summary>The soak's batch size.</summary>
    public const int Batch = 32;

    /// <summary>The naive loop stops once the process holds this much (it leaks by design).</summary>
    public const double NaiveRssLimitMiB = 4096;

    /// <summary>Runs both loops for <paramref name="steps"/> steps each and prints every reading.</summary>
    public static (SoakRun Generated, SoakRun Naive) Run(int steps)
    {
        BenchSettings.Apply();
        var x0 = BenchData.Features(11, Batch, 784);
        var x1 = BenchData.Features(12, Batch, 784);
        var y0 = BenchData.Labels(13, Batch, 10);
        var y1 = BenchData.Labels(14, Batch, 10);

        Console.WriteLine($"Memory soak: {steps:N0} steps of SoakPair (MLP pair, EmbeddingDistance + Contrastive InfoNCE), batch {Batch}, {BenchSettings.Threads} threads.");
        SoakRun generated;
        using (var system = new SoakPair(42))
        {
            var batch = new SoakPair.Batch(x0, x1, y0, y1);
            generated = Loop("generated Step", steps, () =>
            {
                var r = system.Step(batch);
                if (!r.Applied) throw new InvalidOperationException("A soak step was not applied: " + r.NonFiniteTerm);
            }, limitMiB: double.PositiveInfinity);
        }

        SoakRun naive;
        torch.manual_seed(42);
        using (var a = PlainNet.Mlp())
        using (var b = PlainNet.Mlp())
        using (var optA = optim.Adam(a.parameters(), 1e-3))
        using (var optB = optim.Adam(b.parameters(), 1e-3))
        {
            // What the scenarios' published code does: no scope, nothing disposed; only the finalizer frees tensors.
            naive = Loop("naive hand-written loop, no dispose scope", steps, () =>
            {
                optA.zero_grad();
                optB.zero_grad();
                var (ra, ea) = a.call(x0);
                var (rb, eb) = b.call(x1);
                var loss = cross_entropy(ra, y0) + cross_entropy(rb, y1)
                           + 0.1 * EmbeddingLosses.Distance(ea, eb) + 0.05 * ContrastiveLosses.InfoNce(ea, eb);
                loss.backward();
                optA.step();
                optB.step();
                _ = loss.item<float>();
            }, NaiveRssLimitMiB);
        }
        return (generated, naive);
    }

    private static SoakRun Loop(string name, int steps, Action step, double limitMiB)
    {
        Console.WriteLine();
        Console.WriteLine(name);
        Console.WriteLine("| step | RSS MiB | managed heap MiB | live tensors |");
        Console.WriteLine("|---:|---:|---:|---:|");
        var readings = new List<MemoryReading>();
        Record(readings, 0);
        string? stopped = null;
        for (int i = 1; i <= steps; i++)
        {
            step();
            if (i % Every != 0) continue;
            var reading = Record(readings, i);
            if (reading.RssMiB > limitMiB)
            {
                stopped = string.Create(CultureInfo.InvariantCulture, $"stopped at step {i:N0}: RSS over {limitMiB:N0} MiB");
                Console.WriteLine(stopped);
                break;
            }
        }
        return new SoakRun(name, readings, stopped);
    }

    private static MemoryReading Record(List<MemoryReading> readings, int step)
    {
        var reading = new MemoryReading(step, RssMiB(), GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, LiveTensors());
        readings.Add(reading);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {reading.Step,6:N0} | {reading.RssMiB,8:F1} | {reading.ManagedMiB,8:F1} | {reading.LiveTensors,8:N0} |"));
        return reading;
    }

    /// <summary>TorchSharp's count of Tensor objects created and not yet disposed or finalized, process-wide.</summary>
    public static long LiveTensors() => torch.Tensor.TotalCount;

    private static double RssMiB()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / 1048576.0;
    }
}
