using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using DslCrossReg.Bench.Steps;
using DslCrossReg.Bench.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Bench.Benchmarks;

/// <summary>
/// Benchmark 4: the generated Step of the MLP pair at batch 1,024 against the matrix products that step cannot avoid,
/// each done by a plain torch.mm at the same sizes. Achieved fraction = FLOP rate of the step / FLOP rate of the
/// products = mean(products) / mean(step), for the same FLOP count.
/// </summary>
public class ThroughputBenchmarks
{
    /// <summary>The batch size.</summary>
    public const int Batch = 1024;

    private static readonly (int In, int Out)[] Layers = { (784, 256), (256, 64), (64, 10) };

    private StepCase pair = null!;
    private readonly List<(Tensor Left, Tensor Right)> products = new();

    /// <summary>
    /// Matrix-product FLOPs of one step of the pair: per network and layer, forward 2·B·in·out, the weight gradient
    /// 2·B·in·out, and the input gradient 2·B·in·out except for the first layer (the input needs no gradient).
    /// Elementwise work, losses and Adam are not counted: the fraction says how close the step comes to pure GEMM.
    /// </summary>
    public static double FlopsPerStep
    {
        get
        {
            double flops = 0;
            for (int i = 0; i < Layers.Length; i++)
                flops += (i == 0 ? 2 : 3) * 2.0 * Batch * Layers[i].In * Layers[i].Out;
            return 2 * flops;
        }
    }

    /// <summary>Builds the pair (verified against its hand-written twin) and the operands of every product.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchSettings.Apply();
        pair = StepCase.Create(StepMethod.EmbeddingDistance, NetSize.Mlp, Batch);
        pair.Verify();
        for (int network = 0; network < 2; network++)
        {
            for (int i = 0; i < Layers.Length; i++)
            {
                var (n, m) = Layers[i];
                products.Add((torch.randn(Batch, n), torch.randn(n, m)));             // forward: x·Wᵀ
                products.Add((torch.randn(m, Batch), torch.randn(Batch, n)));         // weight gradient: gᵀ·x
                if (i > 0) products.Add((torch.randn(Batch, m), torch.randn(m, n))); // input gradient: g·W
            }
        }
    }

    /// <summary>One generated step at batch 1,024.</summary>
    [Benchmark(Baseline = true)]
    public double GeneratedStepBatch1024() => pair.Generated();

    /// <summary>The same step's matrix products, each one torch.mm.</summary>
    [Benchmark]
    public void MatrixProductsOfTheStep()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var (left, right) in products) torch.mm(left, right);
    }

    /// <summary>Frees everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        pair.Dispose();
        foreach (var (left, right) in products)
        {
            left.Dispose();
            right.Dispose();
        }
    }
}
