using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests.Infrastructure;

/// <summary>Seeded synthetic tensors; every call draws from its own generator so tests do not depend on each other.</summary>
public static class SyntheticBatches
{
    /// <summary>Standard normal float32 features of the given shape.</summary>
    public static Tensor Features(long seed, params long[] shape)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randn(shape, ScalarType.Float32, generator: generator);
    }

    /// <summary>Int64 labels in [0, classes).</summary>
    public static Tensor Labels(long seed, long count, long classes)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randint(0, classes, new[] { count }, ScalarType.Int64, generator: generator);
    }

    /// <summary>Int64 0/1 pair labels with both values present.</summary>
    public static Tensor PairLabels(long seed, long count)
    {
        var labels = Labels(seed, count, 2);
        labels[0] = torch.tensor(1L);
        labels[1] = torch.tensor(0L);
        return labels;
    }
}
