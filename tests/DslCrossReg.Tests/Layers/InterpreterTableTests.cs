using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Shapes;
using DslCrossReg.Tests.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

/// <summary>Every valid pipeline of <see cref="PipelineTable"/>, built and run by the interpreter.</summary>
[Collection(SeededTests.Name)]
public class InterpreterTableTests
{
    private const int BatchSize = 3;

    internal static Tensor SampleBatch(Layer architecture, int vocabulary, int batch)
    {
        var dims = new long[] { batch }.Concat(architecture.InputShape.Dims.Select(d => (long)d)).ToArray();
        return vocabulary > 0 ? torch.randint(vocabulary, dims, dtype: ScalarType.Int64) : torch.randn(dims);
    }

    private static long[] Batched(TensorShape shape) => new long[] { BatchSize }.Concat(shape.Dims.Select(d => (long)d)).ToArray();

    [Theory]
    [MemberData(nameof(PipelineTable.Names), MemberType = typeof(PipelineTable))]
    public void Result_and_tap_shapes_equal_the_inferred_shapes(string name)
    {
        var row = PipelineTable.Get(name);
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var net = row.Architecture.Build(name);
        var output = net.call(SampleBatch(row.Architecture, row.Vocabulary, BatchSize));

        Assert.Equal(Batched(row.Architecture.OutputShape), output.Result.shape);
        Assert.Equal(Batched(row.Output), output.Result.shape);
        Assert.Equal(ScalarType.Float32, output.Result.dtype);
        Assert.Equal(row.Taps.Select(t => t.Key).OrderBy(k => k, StringComparer.Ordinal), output.Taps.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (tap, shape) in row.Taps)
        {
            Assert.Equal(Batched(row.Architecture.TapShapes[tap]), output.Taps[tap].shape);
            Assert.Equal(Batched(shape), output.Taps[tap].shape);
        }
        Assert.True(output.Result.isfinite().all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(PipelineTable.Names), MemberType = typeof(PipelineTable))]
    public void Real_parameter_count_equals_the_hand_count(string name)
    {
        var row = PipelineTable.Get(name);
        using var net = row.Architecture.Build(name);
        Assert.Equal(row.Parameters, net.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [MemberData(nameof(PipelineTable.Names), MemberType = typeof(PipelineTable))]
    public void Named_children_are_the_LayerNames_in_pipeline_order(string name)
    {
        var row = PipelineTable.Get(name);
        using var net = row.Architecture.Build(name);
        var children = net.named_children().Select(c => c.name).ToList();
        Assert.Equal(row.Children, children);
        Assert.Equal(NamesOf(row.Architecture.Specs.Skip(1).ToList(), parent: null), children);
    }

    [Theory]
    [MemberData(nameof(PipelineTable.Names), MemberType = typeof(PipelineTable))]
    public void Same_seed_gives_bitwise_identical_parameters(string name)
    {
        var row = PipelineTable.Get(name);
        torch.manual_seed(42);
        using var first = row.Architecture.Build(name);
        torch.manual_seed(42);
        using var second = row.Architecture.Build(name);
        torch.manual_seed(43);
        using var other = row.Architecture.Build(name);

        var a = Snapshot(first);
        var b = Snapshot(second);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys) Assert.Equal(a[key], b[key]);

        var c = Snapshot(other);
        bool anyRandom = a.Keys.Any(k => !a[k].SequenceEqual(c[k]));
        // Only the constant-initialised norm scales and shifts may coincide across seeds.
        Assert.Equal(a.Keys.Any(k => !k.Contains("norm", StringComparison.Ordinal)), anyRandom);
    }

    internal static Dictionary<string, int[]> Snapshot(nn.Module module)
        => module.named_parameters().ToDictionary(
            p => p.name,
            p => p.parameter.detach().contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray());

    // Independent of the interpreter: walks the specs the way the naming rule is documented (the table's taps are all valid names).
    private static List<string> NamesOf(IReadOnlyList<LayerSpec> specs, string? parent)
    {
        var names = new List<string>();
        for (int i = 0; i < specs.Count; i++)
        {
            string own = (parent is null ? string.Empty : parent + "_")
                + (specs[i].Name ?? specs[i].Tap ?? LayerNames.ShortName(specs[i].Kind) + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (specs[i].Kind == LayerKind.Residual) names.AddRange(NamesOf(specs[i].Inner, own));
            else names.Add(own);
        }
        return names;
    }
}
