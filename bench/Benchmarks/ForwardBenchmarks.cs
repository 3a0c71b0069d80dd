using System;
using BenchmarkDotNet.Attributes;
using DslCrossReg.Bench.Steps;
using DslCrossReg.Bench.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Bench.Benchmarks;

/// <summary>
/// Benchmark 2: one training-mode forward pass (autograd on, freed by a dispose scope) of the generated module, the
/// runtime interpreter (Layer.Build) and a hand-written nn.Sequential of the same layers, all from the same seed.
/// </summary>
public class ForwardBenchmarks
{
    private nn.Module<Tensor, MlpNet.Output>? mlp;
    private nn.Module<Tensor, TinyNet.Output>? tiny;
    private InterpretedNetwork interpreted = null!;
    private nn.Module<Tensor, Tensor> sequential = null!;
    private Tensor x = null!;

    /// <summary>The network (MLP at batch 128, tiny at batch 8).</summary>
    [ParamsAllValues]
    public NetSize Size { get; set; }

    /// <summary>Builds the three modules from one seed and checks they compute the same output.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchSettings.Apply();
        x = BenchData.Features(7, BenchData.DefaultBatch(Size), BenchData.InputWidth(Size));
        torch.manual_seed(42);
        if (Size == NetSize.Mlp) mlp = new MlpNet();
        else tiny = new TinyNet();
        torch.manual_seed(42);
        interpreted = (Size == NetSize.Mlp ? Architectures.Mlp : Architectures.Tiny).Build(Size == NetSize.Mlp ? "MlpNet" : "TinyNet");
        torch.manual_seed(42);
        sequential = Size == NetSize.Mlp
            ? nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))
            : nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 8));

        using var scope = torch.NewDisposeScope();
        var expected = sequential.call(x);
        if (!StepCase.Same(Generated(), expected) || !StepCase.Same(interpreted.call(x).Result, expected))
            throw new InvalidOperationException("The generated, interpreted and hand-written modules disagree.");
    }

    private Tensor Generated() => mlp is not null ? mlp.call(x).Result : tiny!.call(x).Result;

    /// <summary>nn.Sequential.</summary>
    [Benchmark(Baseline = true)]
    public void Sequential()
    {
        using var scope = torch.NewDisposeScope();
        sequential.call(x);
    }

    /// <summary>The generated module.</summary>
    [Benchmark]
    public void GeneratedModule()
    {
        using var scope = torch.NewDisposeScope();
        Generated();
    }

    /// <summary>The interpreter.</summary>
    [Benchmark]
    public void Interpreter()
    {
        using var scope = torch.NewDisposeScope();
        interpreted.call(x);
    }

    /// <summary>Frees everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        mlp?.Dispose();
        tiny?.Dispose();
        interpreted.Dispose();
        sequential.Dispose();
        x.Dispose();
    }
}
