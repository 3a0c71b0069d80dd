using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using DslCrossReg.Bench.Steps;

namespace DslCrossReg.Bench.Benchmarks;

/// <summary>
/// Benchmark 1: the generated Step against the plainest loop a TorchSharp user writes for the same training (Ratio =
/// generated / plainest), for every shape of <see cref="StepShape.All"/>.
/// </summary>
public class StepBenchmarks
{
    private PlainestCase pair = null!;

    /// <summary>What is measured: method, networks, members, batch.</summary>
    [ParamsSource(nameof(Shapes))]
    public StepShape Shape { get; set; } = StepShape.All[0];

    /// <summary>Every shape.</summary>
    public static IEnumerable<StepShape> Shapes => StepShape.All;

    /// <summary>Builds both sides and proves they compute the same thing.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchSettings.Apply();
        pair = PlainestCase.Create(Shape);
        pair.Verify();
    }

    /// <summary>The plainest TorchSharp loop.</summary>
    [Benchmark(Baseline = true)]
    public double Plainest() => pair.Plainest();

    /// <summary>The generated system's Step.</summary>
    [Benchmark]
    public double Generated() => pair.Generated();

    /// <summary>Frees both sides.</summary>
    [GlobalCleanup]
    public void Cleanup() => pair.Dispose();
}
