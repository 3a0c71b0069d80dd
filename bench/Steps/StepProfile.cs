using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Systems;
using DslCrossReg.Losses;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Bench.Steps;

/// <summary>
/// --profile: where the generated Step's time goes beyond the hand-written loop, for the EmbeddingDistance pair of
/// each size. Each extra piece the generated Step runs (the runtime functions it calls, with the same arguments) is
/// timed on its own against the whole hand-written step.
/// </summary>
public static class StepProfile
{
    /// <summary>Prints the breakdown.</summary>
    public static void Run(int repetitions)
    {
        BenchSettings.Apply();
        foreach (var size in Enum.GetValues<NetSize>())
        {
            int batch = BenchData.DefaultBatch(size);
            using var pair = StepCase.Create(StepMethod.EmbeddingDistance, size, batch);
            pair.Verify();
            var x0 = BenchData.Features(1, batch, BenchData.InputWidth(size));
            var y0 = BenchData.Labels(3, batch, BenchData.Classes(size));
            using var system = new TinyEmbeddingPair(42);
            using var mlp = new MlpEmbeddingPair(42);
            nn.Module a = size == NetSize.Mlp ? mlp.A : system.A, b = size == NetSize.Mlp ? mlp.B : system.B;
            var expected = size == NetSize.Mlp ? MlpNet.InputTensorShape : TinyNet.InputTensorShape;
            // Gradients for the guards to read, in a buffer of their own (their values do not change the cost).
            using var aOptimizer = optim.Adam(a.parameters(), 1e-3);
            using var bOptimizer = optim.Adam(b.parameters(), 1e-3);
            using var aBuffer = new ParameterBuffer(a);
            using var bBuffer = new ParameterBuffer(b);
            aBuffer.Zero();
            bBuffer.Zero();
            using var aFlatOptimizer = optim.Adam(aBuffer.Flat, 1e-3);
            using var bFlatOptimizer = optim.Adam(bBuffer.Flat, 1e-3);
            var rows = new List<(string, double)>
            {
                ("hand-written step (whole)", Time(repetitions, () => pair.HandWritten())),
                ("generated Step (whole)", Time(repetitions, () => pair.Generated())),
                ("validate: 2 × BatchChecks.Input + SameBatch", Time(repetitions, () =>
                {
                    BatchChecks.Input("A", x0, "Net", expected, torch.CPU);
                    BatchChecks.Input("B", x0, "Net", expected, torch.CPU);
                    BatchChecks.SameBatch("B", x0, "A", batch);
                })),
                ("validate: 2 × TaskLosses.Validate (label range)", Time(repetitions, () =>
                {
                    TaskLosses.Validate(TaskLoss.CrossEntropy, "ATarget", y0, batch, new long[] { BenchData.Classes(size) }, torch.CPU);
                    TaskLosses.Validate(TaskLoss.CrossEntropy, "BTarget", y0, batch, new long[] { BenchData.Classes(size) }, torch.CPU);
                })),
                ("zeroing by hand: 2 × optimizer.zero_grad()", Time(repetitions, () =>
                {
                    aOptimizer.zero_grad();
                    bOptimizer.zero_grad();
                })),
                ("zeroing now: 2 × ParameterBuffer.Zero()", Time(repetitions, () =>
                {
                    aBuffer.Zero();
                    bBuffer.Zero();
                })),
                ("Adam by hand: 2 × step() over the module parameters", Time(repetitions, () =>
                {
                    aOptimizer.step();
                    bOptimizer.step();
                })),
                ("Adam now: 2 × step() over ParameterBuffer.Flat", Time(repetitions, () =>
                {
                    aFlatOptimizer.step();
                    bFlatOptimizer.step();
                })),
                ("guard, one sum per gradient: 2 × FirstNonFiniteGradient", Time(repetitions, () =>
                {
                    NonFiniteGuard.FirstNonFiniteGradient("A", a);
                    NonFiniteGuard.FirstNonFiniteGradient("B", b);
                })),
                ("guard now: 2 × ParameterBuffer.AllFinite() (one sum each)", Time(repetitions, () => { _ = aBuffer.AllFinite() && bBuffer.AllFinite(); })),
                ("guard: FirstNonFiniteTerm + ToDoubles + ToDouble(total)", Time(repetitions, () =>
                {
                    using var scope = torch.NewDisposeScope();
                    var t0 = torch.tensor(1.0f);
                    var t1 = torch.tensor(2.0f);
                    var t2 = torch.tensor(3.0f);
                    var loss = new LossBreakdown(t0 + t1 + t2, new Dictionary<string, Tensor> { ["A.task"] = t0, ["B.task"] = t1, ["EmbeddingDistance(A,B)"] = t2 });
                    NonFiniteGuard.FirstNonFiniteTerm(loss);
                    loss.ToDoubles();
                    loss.Total.ToDouble();
                })),
                ("  (its 4 scalar tensors + 2 adds alone)", Time(repetitions, () =>
                {
                    using var scope = torch.NewDisposeScope();
                    var t0 = torch.tensor(1.0f);
                    var t1 = torch.tensor(2.0f);
                    var t2 = torch.tensor(3.0f);
                    _ = t0 + t1 + t2;
                })),
            };
            Console.WriteLine();
            Console.WriteLine($"Profile, EmbeddingDistance, {size} (batch {batch}), {repetitions} repetitions, µs per call:");
            foreach (var (name, seconds) in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-58} {seconds * 1e6,10:F1}"));
        }
    }

    private static double Time(int repetitions, Action action)
    {
        for (int i = 0; i < Math.Min(50, repetitions); i++) action();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < repetitions; i++) action();
        return watch.Elapsed.TotalSeconds / repetitions;
    }
}
