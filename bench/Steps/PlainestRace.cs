using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Systems;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Bench.Steps;

/// <summary>
/// --plainest-race (issue 12): the generated EmbeddingDistance, Adversarial and Distillation steps of the MLP pair
/// (784-256-64-10 twice, batch 128) against the plainest loop a TorchSharp user writes: three <c>nn.Linear</c> per network called with
/// <c>forward</c>, <c>optim.Adam(module.parameters())</c>, <c>zero_grad()</c>, the distance written out
/// (<c>(ea - eb).pow(2).sum(1).sqrt().mean()</c>), one <c>backward</c>, two <c>step</c>s and <c>item&lt;float&gt;()</c>;
/// no dispose scope (<see cref="PlainestCase"/> with <c>scoped: false</c>; the bench's own ratios give the loop its
/// dispose scope) and no library helper. Blocks of <see cref="Block"/> steps alternate after a warm-up; per run,
/// each side's ms/step (median and quartiles over its blocks), the ratio of the medians, and the managed bytes the
/// generated step allocates. The two compute the same update but for the distance's guard at zero (the library's
/// vector norm, with a zero gradient there) and the binary cross entropy's formula (softplus there), so their losses agree to float precision, not
/// bit for bit.
/// </summary>
public static class PlainestRace
{
    /// <summary>Steps per block, as in the measurement.</summary>
    public const int Block = 25;

    /// <summary>Runs <paramref name="runs"/> races of <paramref name="rounds"/> blocks per side, for each method.</summary>
    public static void Run(int runs, int rounds)
    {
        BenchSettings.Apply();
        foreach (var method in Enum.GetValues<StepMethod>())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Plainest-loop race, {method}, MLP pair, batch 128, TorchSharp threads {BenchSettings.Threads}, {rounds} blocks of {Block} steps per side and run"));
            for (int run = 0; run < runs; run++)
            {
                using var race = PlainestCase.Create(new StepShape(method, NetKind.Mlp, 2, 128), scoped: false);
                race.Verify();
                if (RaceOne(race.Generated, race.Plainest, run, rounds)) return;
            }
        }
    }

    /// <summary>One run; true when DSLCROSSREG_RACE_SIDE asked for one side alone (then nothing is timed).</summary>
    private static bool RaceOne(Func<double> Generated, Func<double> Plain, int run, int rounds)
    {
        // DSLCROSSREG_RACE_SIDE=generated|plainest: step only that side (for strace -c, perf), one run, no timing.
        string? side = Environment.GetEnvironmentVariable("DSLCROSSREG_RACE_SIDE");
        if (side is not null)
        {
            Func<double> only = side == "generated" ? Generated : Plain;
            for (int i = 0; i < rounds * Block; i++) only();
            Console.WriteLine($"  {side} only: {rounds * Block} steps");
            return true;
        }

        for (int i = 0; i < 60; i++)
        {
            Generated();
            Plain();
        }
        System.Threading.Thread.Sleep(300);

        var generated = new List<double>();
        var plain = new List<double>();
        long generatedFaults = 0, plainFaults = 0;
        double Faulted(Func<double> step, ref long faults)
        {
            long before = MinorFaults();
            double ms = PairedRatios.Time(step, Block) * 1e3 / Block;
            faults += MinorFaults() - before;
            return ms;
        }
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                generated.Add(Faulted(Generated, ref generatedFaults));
                plain.Add(Faulted(Plain, ref plainFaults));
            }
            else
            {
                plain.Add(Faulted(Plain, ref plainFaults));
                generated.Add(Faulted(Generated, ref generatedFaults));
            }
        }
        double bytes = PairedRatios.AllocatedPerStep(Generated), plainBytes = PairedRatios.AllocatedPerStep(Plain);
        generated.Sort();
        plain.Sort();
        double gm = PairedRatios.Quantile(generated, 0.5), pm = PairedRatios.Quantile(plain, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  run {run + 1}: generated {gm:F2} ms/step (IQR {PairedRatios.Quantile(generated, 0.25):F2} – {PairedRatios.Quantile(generated, 0.75):F2}), plainest {pm:F2} ms/step (IQR {PairedRatios.Quantile(plain, 0.25):F2} – {PairedRatios.Quantile(plain, 0.75):F2}), ratio {gm / pm:F3}; minor page faults per step {generatedFaults / (double)(rounds * Block):F0} vs {plainFaults / (double)(rounds * Block):F0}; managed allocation {bytes / 1024:F1} vs {plainBytes / 1024:F1} KB/step"));
        return false;
    }

    /// <summary>The process's minor page faults so far (/proc/self/stat, field 10): pages the kernel had to map and zero.</summary>
    internal static long MinorFaults()
    {
        try
        {
            string stat = System.IO.File.ReadAllText("/proc/self/stat");
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (System.IO.IOException)
        {
            return 0;
        }
    }
}
