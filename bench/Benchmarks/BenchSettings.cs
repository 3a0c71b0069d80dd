using TorchSharp;

namespace DslCrossReg.Bench.Benchmarks;

/// <summary>Settings every benchmark applies in its setup, so that both sides of a ratio run under the same ones.</summary>
public static class BenchSettings
{
    /// <summary>TorchSharp's intra-op thread count (--threads; default: the machine's core count).</summary>
    public static int Threads { get; set; } = System.Environment.ProcessorCount;

    /// <summary>Applies <see cref="Threads"/>.</summary>
    public static void Apply()
    {
        torch.set_num_threads(Threads);
    }
}
