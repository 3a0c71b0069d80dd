using BenchmarkDotNet.Attributes;
using DslCrossReg.Bench.Steps;

namespace DslCrossReg.Bench.Benchmarks;

/// <summary>
/// Benchmark 1: the generated Step against the same update written by hand (Ratio = generated / hand-written), for
/// the MLP pair at batch 128 and the tiny pair at batch 8.
/// </summary>
public class StepBenchmarks
{
    private StepCase pair = null!;

    /// <summary>The networks (and batch size).</summary>
    [ParamsAllValues]
    public NetSize Size { get; set; }

    /// <summary>The cross term.</summary>
    [ParamsAllValues]
    public StepMethod Method { get; set; }

    /// <summary>Builds both sides and proves they compute the same thing.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchSettings.Apply();
        pair = StepCase.Create(Method, Size, BenchData.DefaultBatch(Size));
        pair.Verify();
    }

    /// <summary>The plain TorchSharp loop.</summary>
    [Benchmark(Baseline = true)]
    public double HandWritten() => pair.HandWritten();

    /// <summary>The generated system's Step.</summary>
    [Benchmark]
    public double Generated() => pair.Generated();

    /// <summary>Frees both sides.</summary>
    [GlobalCleanup]
    public void Cleanup() => pair.Dispose();
}
