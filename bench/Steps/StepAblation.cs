using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Systems;
using DslCrossReg.Losses;
using DslCrossReg.Shapes;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Bench.Steps;

/// <summary>
/// --ablate: where the generated Step's time goes, measured in context. A copy of the EmbeddingDistance Step the
/// generator emits (the same runtime calls in the same order, on the generated modules) runs with one piece left out
/// at a time; each variant alternates with the whole copy in blocks, as the interleaved ratios do, so a piece's cost is
/// the time the step loses when it is gone, with caches, allocations and the dispose scope as they are in a real step.
/// </summary>
public static class StepAblation
{
    [Flags]
    private enum Skip
    {
        None = 0,
        Validate = 1,
        LabelRange = 2,
        Guard = 4,
        TermReads = 8,
        Magnitude = 16,
        Transaction = 32,
    }

    private static readonly string[] PhaseNames =
    {
        "validation", "dispose scope and forward", "zeroing", "loss terms", "backward", "total read and guard",
        "optimizer steps", "term reads", "magnitude check and result", "leaving the scope",
    };

    /// <summary>Prints, for each size, each piece's share of the whole copy's step time.</summary>
    public static void Run(int rounds)
    {
        BenchSettings.Apply();
        foreach (var size in Enum.GetValues<NetSize>())
        {
            int batch = BenchData.DefaultBatch(size), classes = BenchData.Classes(size);
            using var pair = StepCase.Create(StepMethod.EmbeddingDistance, size, batch);
            using var x0 = BenchData.Features(1, batch, BenchData.InputWidth(size));
            using var x1 = BenchData.Features(2, batch, BenchData.InputWidth(size));
            using var y0 = BenchData.Labels(3, batch, classes);
            using var y1 = BenchData.Labels(4, batch, classes);
            using var copy = new Copy(size, x0, x1, y0, y1, classes);
            var variants = new (string Name, Func<double> Step)[]
            {
                ("hand-written loop", pair.HandWritten),
                ("generated Step", pair.Generated),
                ("copy without batch validation", () => copy.Step(Skip.Validate)),
                ("copy without label-range check", () => copy.Step(Skip.LabelRange)),
                ("copy without non-finite guard", () => copy.Step(Skip.Guard)),
                ("copy reading only the total", () => copy.Step(Skip.TermReads | Skip.Magnitude)),
                ("copy without the step transaction", () => copy.Step(Skip.Transaction)),
                ("copy without any of these", () => copy.Step(Skip.Validate | Skip.Guard | Skip.TermReads | Skip.Magnitude | Skip.Transaction)),
            };
            Func<double> whole = () => copy.Step(Skip.None);
            for (int i = 0; i < 30; i++)
            {
                whole();
                foreach (var v in variants) v.Step();
            }
            double estimate = PairedRatios.Time(whole, 10) / 10;
            int block = PairedRatios.Block(whole);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Ablation, EmbeddingDistance, {size} pair (batch {batch}): the whole copy of the generated Step takes {estimate * 1e6:F0} µs; median time ratio of each variant to it over {rounds} interleaved rounds of {block} steps:"));
            foreach (var (name, step) in variants)
            {
                double median = PairedRatios.Quantile(PairedRatios.Interleave(step, whole, rounds, block), 0.5);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-36} {median,7:F3}   ({(median - 1) * estimate * 1e6,7:F1} µs)"));
            }
            PrintAllocation(copy);
        }
    }

    /// <summary>Where the copy's managed allocation goes, phase by phase (bytes per step over 100 steps), for each size.</summary>
    public static void PrintAllocation()
    {
        foreach (var size in Enum.GetValues<NetSize>())
        {
            int batch = BenchData.DefaultBatch(size), classes = BenchData.Classes(size);
            using var x0 = BenchData.Features(1, batch, BenchData.InputWidth(size));
            using var x1 = BenchData.Features(2, batch, BenchData.InputWidth(size));
            using var y0 = BenchData.Labels(3, batch, classes);
            using var y1 = BenchData.Labels(4, batch, classes);
            using var copy = new Copy(size, x0, x1, y0, y1, classes);
            for (int i = 0; i < 30; i++) copy.Step(Skip.None);
            Console.WriteLine($"Copy of the generated EmbeddingDistance Step, {size} pair (batch {batch}):");
            PrintAllocation(copy);
        }
    }

    private static void PrintAllocation(Copy copy)
    {
        var phases = new long[PhaseNames.Length];
        for (int i = 0; i < 100; i++) copy.Step(Skip.None, phases);
        string parts = string.Join(", ", PhaseNames.Select((n, i) => n + " " + (phases[i] / 100).ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  managed bytes per step, {phases.Sum() / 100} in all: {parts}"));
    }

    /// <summary>The generated EmbeddingDistance Step, statement for statement, with pieces that can be left out.</summary>
    private sealed class Copy : IDisposable
    {
        private readonly nn.Module<Tensor, (Tensor Result, Tensor Embedding)> a, b;
        private readonly optim.Optimizer aOptimizer, bOptimizer;
        private readonly ParameterBuffer aParameters, bParameters;
        private readonly StepTransaction transaction;
        private readonly StepScope stepScope = new();
        private readonly TensorShape inputShape;
        private readonly Tensor x0, x1, y0, y1;
        private readonly int[] outputShape;
        private readonly Device device = torch.CPU;
        private static readonly IReadOnlyDictionary<string, string[]> CrossTermTasks =
            new Dictionary<string, string[]> { ["EmbeddingDistance(A,B)"] = new[] { "A.task", "B.task" } };

        public Copy(NetSize size, Tensor x0, Tensor x1, Tensor y0, Tensor y1, long classes)
        {
            torch.manual_seed(42);
            a = Wrap(size);
            b = Wrap(size);
            aParameters = new ParameterBuffer(a);
            aOptimizer = Optimizers.Create(OptimizerKind.Adam, aParameters.Flat, 0.001);
            bParameters = new ParameterBuffer(b);
            bOptimizer = Optimizers.Create(OptimizerKind.Adam, bParameters.Flat, 0.001);
            transaction = new StepTransaction(new (string, nn.Module)[] { ("A", a), ("B", b) });
            inputShape = size == NetSize.Mlp ? MlpNet.InputTensorShape : TinyNet.InputTensorShape;
            (this.x0, this.x1, this.y0, this.y1, outputShape) = (x0, x1, y0, y1, new[] { (int)classes });
        }

        private static nn.Module<Tensor, (Tensor, Tensor)> Wrap(NetSize size)
            => size == NetSize.Mlp ? new Generated<MlpNet.Output>(new MlpNet(), o => (o.Result, o.Embedding))
                                   : new Generated<TinyNet.Output>(new TinyNet(), o => (o.Result, o.Embedding));

        /// <summary>Managed bytes per phase of the last <see cref="Step"/> with <c>phases</c> given.</summary>
        private static void Mark(long[]? phases, int index, ref long last)
        {
            if (phases is null) return;
            long now = GC.GetAllocatedBytesForCurrentThread();
            phases[index] += now - last;
            last = now;
        }

        public double Step(Skip skip, long[]? phases = null)
        {
            long last = GC.GetAllocatedBytesForCurrentThread();
            var result = StepCore(skip, phases, ref last);
            Mark(phases, 9, ref last);
            return result;
        }

        private double StepCore(Skip skip, long[]? phases, ref long last)
        {
            if ((skip & Skip.Validate) == 0)
            {
                BatchChecks.Input("A", x0, "Net", inputShape, device);
                BatchChecks.Input("B", x1, "Net", inputShape, device);
                long size = x0.size(0);
                BatchChecks.NotEmpty("A", size);
                transaction.RequireBatchStatistics("A", size);
                BatchChecks.SameBatch("B", x1, "A", size);
                if ((skip & Skip.LabelRange) == 0)
                {
                    TaskLosses.Validate(TaskLoss.CrossEntropy, "ATarget", y0, size, outputShape, device);
                    TaskLosses.Validate(TaskLoss.CrossEntropy, "BTarget", y1, size, outputShape, device);
                }
            }
            Mark(phases, 0, ref last);
            using var scope = stepScope.Open();
            bool transacted = (skip & Skip.Transaction) == 0;
            if (transacted) transaction.Begin();
            try
            {
                return Guarded(skip, phases, ref last, transacted);
            }
            catch when (transacted)
            {
                transaction.Rollback();
                throw;
            }
        }

        // The generated Step's update runs after its try block; here it stays inside Guarded for brevity: no exception
        // is thrown in these runs, so the try costs the same.
        private double Guarded(Skip skip, long[]? phases, ref long last, bool transacted)
        {
            var (ra, ea) = a.call(x0);
            var (rb, eb) = b.call(x1);
            Mark(phases, 1, ref last);
            aParameters.Zero();
            bParameters.Zero();
            Mark(phases, 2, ref last);
            var terms = new NamedTerms<Tensor>(3);
            var aTask = TaskLosses.Compute(TaskLoss.CrossEntropy, ra, y0, "ATarget");
            terms.Add("A.task", aTask);
            var bTask = TaskLosses.Compute(TaskLoss.CrossEntropy, rb, y1, "BTarget");
            terms.Add("B.task", bTask);
            var term0 = 0.1 * EmbeddingLosses.Distance(ea, eb);
            terms.Add("EmbeddingDistance(A,B)", term0);
            var loss = new LossBreakdown(aTask + bTask + term0, terms);
            Mark(phases, 3, ref last);
            loss.Total.backward();
            Mark(phases, 4, ref last);
            double total = loss.Total.ToDouble();
            if ((skip & Skip.Guard) == 0 && (!double.IsFinite(total) || !aParameters.AllFinite() || !bParameters.AllFinite()))
                throw new InvalidOperationException("not finite");
            if (transacted && transaction.FirstNonFiniteBuffer() is not null)
                throw new InvalidOperationException("not finite");
            Mark(phases, 5, ref last);
            aOptimizer.step();
            bOptimizer.step();
            Mark(phases, 6, ref last);
            if ((skip & Skip.TermReads) != 0) return total;
            var values = loss.ToDoubles();
            Mark(phases, 7, ref last);
            if ((skip & Skip.Magnitude) == 0) _ = MagnitudeChecks.Find(values, CrossTermTasks);
            var stepResult = new StepResult(1, total, values, Array.Empty<MagnitudeWarning>()).Total;
            Mark(phases, 8, ref last);
            return stepResult;
        }

        public void Dispose()
        {
            transaction.Dispose();
            aOptimizer.Dispose();
            bOptimizer.Dispose();
            aParameters.Dispose();
            bParameters.Dispose();
            a.Dispose();
            b.Dispose();
        }
    }

    /// <summary>A generated network seen as (result, embedding), so one copy serves both sizes.</summary>
    private sealed class Generated<TOutput> : nn.Module<Tensor, (Tensor, Tensor)>
    {
        private readonly nn.Module<Tensor, TOutput> inner;
        private readonly Func<TOutput, (Tensor, Tensor)> split;

        public Generated(nn.Module<Tensor, TOutput> inner, Func<TOutput, (Tensor, Tensor)> split) : base("Generated")
        {
            this.inner = inner;
            this.split = split;
            RegisterComponents();
        }

        public override (Tensor, Tensor) forward(Tensor input) => split(inner.call(input));

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
