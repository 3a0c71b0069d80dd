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
/// no dispose scope and no library helper. Blocks of <see cref="Block"/> steps alternate after a warm-up; per run,
/// each side's ms/step (median and quartiles over its blocks), the ratio of the medians, and the managed bytes the
/// generated step allocates. The two compute the same update but for the distance's guard at zero (the library's
/// safe norm) and the binary cross entropy's formula (softplus there), so their losses agree to float precision, not
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
        var x0 = BenchData.Features(1, 128, 784);
        var x1 = BenchData.Features(2, 128, 784);
        var y0 = BenchData.Labels(3, 128, 10);
        var y1 = BenchData.Labels(4, 128, 10);
        foreach (var method in Enum.GetValues<StepMethod>())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Plainest-loop race, {method}, MLP pair, batch 128, TorchSharp threads {BenchSettings.Threads}, {rounds} blocks of {Block} steps per side and run"));
            for (int run = 0; run < runs; run++)
            {
                using var race = Race.Create(method, x0, x1, y0, y1);
                if (RaceOne(race.Generated, race.Plainest, run, rounds)) return;
            }
        }
    }

    /// <summary>One run; true when DSLCROSSREG_RACE_SIDE asked for one side alone (then nothing is timed).</summary>
    private static bool RaceOne(Func<double> Generated, Func<double> Plain, int run, int rounds)
    {
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

            double g0 = Generated(), p0 = Plain();
            if (Math.Abs(g0 - p0) > 1e-5 * Math.Abs(p0)) throw new InvalidOperationException($"First losses differ: generated {g0:R}, plainest {p0:R}.");
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
                double ms = PerStep(step);
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
            double bytes = AllocatedPerStep(Generated), plainBytes = AllocatedPerStep(Plain);
            generated.Sort();
            plain.Sort();
            double gm = PairedRatios.Quantile(generated, 0.5), pm = PairedRatios.Quantile(plain, 0.5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run + 1}: generated {gm:F2} ms/step (IQR {PairedRatios.Quantile(generated, 0.25):F2} – {PairedRatios.Quantile(generated, 0.75):F2}), plainest {pm:F2} ms/step (IQR {PairedRatios.Quantile(plain, 0.25):F2} – {PairedRatios.Quantile(plain, 0.75):F2}), ratio {gm / pm:F3}; minor page faults per step {generatedFaults / (double)(rounds * Block):F0} vs {plainFaults / (double)(rounds * Block):F0}; managed allocation {bytes / 1024:F1} vs {plainBytes / 1024:F1} KB/step"));
            return false;
        }
    }

    /// <summary>A generated system and its plainest twin, built from the same seed (the same initial parameters).</summary>
    private sealed class Race : IDisposable
    {
        private readonly List<IDisposable> owned = new();

        public Func<double> Generated { get; private set; } = null!;

        public Func<double> Plainest { get; private set; } = null!;

        public static Race Create(StepMethod method, Tensor x0, Tensor x1, Tensor y0, Tensor y1)
        {
            var race = new Race();
            switch (method)
            {
                case StepMethod.EmbeddingDistance:
                {
                    var system = race.Own(new MlpEmbeddingPair(seed: 42));
                    var batch = new MlpEmbeddingPair.Batch(x0, x1, y0, y1);
                    race.Generated = () => system.Step(batch).Total;
                    torch.manual_seed(42);
                    var a = race.Own(new Net());
                    var b = race.Own(new Net());
                    var optA = race.Own(optim.Adam(a.parameters(), 1e-3));
                    var optB = race.Own(optim.Adam(b.parameters(), 1e-3));
                    race.Plainest = () =>
                    {
                        var (ra, ea) = a.forward(x0);
                        var (rb, eb) = b.forward(x1);
                        optA.zero_grad();
                        optB.zero_grad();
                        var loss = cross_entropy(ra, y0) + cross_entropy(rb, y1) + 0.1 * (ea - eb).pow(2).sum(1).sqrt().mean();
                        loss.backward();
                        optA.step();
                        optB.step();
                        return loss.item<float>();
                    };
                    break;
                }
                case StepMethod.Adversarial:
                {
                    var system = race.Own(new MlpAdversarialPair(seed: 42));
                    var batch = new MlpAdversarialPair.Batch(x0, x1, y0, y1);
                    race.Generated = () => system.Step(batch).Total;
                    torch.manual_seed(42);
                    var a = race.Own(new Net());
                    var b = race.Own(new Net());
                    var d = race.Own(new Critic());
                    var optA = race.Own(optim.Adam(a.parameters(), 1e-3));
                    var optB = race.Own(optim.Adam(b.parameters(), 1e-3));
                    var optD = race.Own(optim.Adam(d.parameters(), 1e-3));
                    race.Plainest = () =>
                    {
                        var (ra, ea) = a.forward(x0);
                        var (rb, eb) = b.forward(x1);
                        // The discriminator on detached embeddings (A labelled 0, B 1), then both networks through it.
                        optD.zero_grad();
                        var la = d.forward(ea.detach());
                        var lb = d.forward(eb.detach());
                        var dLoss = binary_cross_entropy_with_logits(la, zeros_like(la)) + binary_cross_entropy_with_logits(lb, ones_like(lb));
                        dLoss.backward();
                        optD.step();
                        optA.zero_grad();
                        optB.zero_grad();
                        var fa = d.forward(ea);
                        var fb = d.forward(eb);
                        var fool = binary_cross_entropy_with_logits(fa, ones_like(fa)) + binary_cross_entropy_with_logits(fb, zeros_like(fb));
                        var loss = cross_entropy(ra, y0) + cross_entropy(rb, y1) + 0.1 * fool;
                        loss.backward();
                        optA.step();
                        optB.step();
                        return loss.item<float>();
                    };
                    break;
                }
                default:
                {
                    var system = race.Own(new MlpDistilledPair(seed: 42));
                    var batch = new MlpDistilledPair.Batch(x0, x1, y0, y1);
                    race.Generated = () => system.Step(batch).Total;
                    torch.manual_seed(42);
                    var teacher = race.Own(new Net());
                    var student = race.Own(new Net());
                    var optT = race.Own(optim.Adam(teacher.parameters(), 1e-3));
                    var optS = race.Own(optim.Adam(student.parameters(), 1e-3));
                    race.Plainest = () =>
                    {
                        var (rt, et) = teacher.forward(x0);
                        var (rs, es) = student.forward(x1);
                        optT.zero_grad();
                        optS.zero_grad();
                        var loss = cross_entropy(rt, y0) + cross_entropy(rs, y1) + 0.5 * (es - et.detach()).pow(2).sum(1).sqrt().mean();
                        loss.backward();
                        optT.step();
                        optS.step();
                        return loss.item<float>();
                    };
                    break;
                }
            }
            return race;
        }

        private T Own<T>(T disposable) where T : IDisposable
        {
            owned.Add(disposable);
            return disposable;
        }

        public void Dispose()
        {
            for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>The process's minor page faults so far (/proc/self/stat, field 10): pages the kernel had to map and zero.</summary>
    private static long MinorFaults()
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

    private static double AllocatedPerStep(Func<double> step)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) step();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
    }

    private static double PerStep(Func<double> step)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Block; i++) step();
        return watch.Elapsed.TotalMilliseconds / Block;
    }

    /// <summary>The default discriminator's layers, as a user writes them: Linear(64, 64), LeakyReLU(0.2), Linear(64, 1).</summary>
    private sealed class Critic : nn.Module<Tensor, Tensor>
    {
        private readonly Linear hidden = nn.Linear(64, 64);
        private readonly Linear logit = nn.Linear(64, 1);

        public Critic() : base(nameof(Critic)) => RegisterComponents();

        public override Tensor forward(Tensor input) => logit.forward(leaky_relu(hidden.forward(input), 0.2));
    }

    /// <summary>Three linear layers, as a user writes them.</summary>
    private sealed class Net : nn.Module<Tensor, (Tensor Result, Tensor Embedding)>
    {
        private readonly Linear l1 = nn.Linear(784, 256);
        private readonly Linear l2 = nn.Linear(256, 64);
        private readonly Linear l3 = nn.Linear(64, 10);

        public Net() : base(nameof(Net)) => RegisterComponents();

        public override (Tensor Result, Tensor Embedding) forward(Tensor input)
        {
            var embedding = l2.forward(relu(l1.forward(input)));
            return (l3.forward(relu(embedding)), embedding);
        }
    }
}
