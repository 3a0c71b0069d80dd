using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Bench.Steps;

/// <summary>Seeded synthetic batches of the benchmark networks' shapes.</summary>
public static class BenchData
{
    /// <summary>Input width of <paramref name="size"/>.</summary>
    public static int InputWidth(NetSize size) => size == NetSize.Mlp ? 784 : 8;

    /// <summary>Class count of <paramref name="size"/>.</summary>
    public static int Classes(NetSize size) => size == NetSize.Mlp ? 10 : 8;

    /// <summary>The batch size the issue asks for: 128 for the MLP, 8 for the tiny pair.</summary>
    public static int DefaultBatch(NetSize size) => size == NetSize.Mlp ? 128 : 8;

    /// <summary>Standard normal features [batch, width].</summary>
    public static Tensor Features(long seed, long batch, long width)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randn(new[] { batch, width }, ScalarType.Float32, generator: generator);
    }

    /// <summary>Int64 labels in [0, classes).</summary>
    public static Tensor Labels(long seed, long batch, long classes)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randint(0, classes, new[] { batch }, ScalarType.Int64, generator: generator);
    }
}
