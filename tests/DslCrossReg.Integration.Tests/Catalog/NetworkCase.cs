using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Catalog;

/// <summary>
/// A <c>[Network]</c> class of this project with the one <see cref="Layer"/> value it is declared by: the generator
/// compiled that declaration into the class, and the interpreter builds the same value at run time.
/// </summary>
public sealed class NetworkCase
{
    private readonly Func<GeneratedNetwork> build;

    private NetworkCase(string name, Layer architecture, Func<GeneratedNetwork> build, GeneratedConstants constants)
    {
        Name = name;
        Architecture = architecture;
        this.build = build;
        Constants = constants;
    }

    /// <summary>The class name, which is also the module name and the name in input-validation messages.</summary>
    public string Name { get; }

    /// <summary>The class's <c>Architecture</c> member.</summary>
    public Layer Architecture { get; }

    /// <summary>The class's generated static metadata.</summary>
    public GeneratedConstants Constants { get; }

    /// <summary>Whether any layer, Residual insides included, is a Dropout or an attention layer with dropout (random while training).</summary>
    public bool HasDropout => Any(Architecture.Specs, LayerKind.Dropout)
        || Architecture.Specs.Any(s => s.Kind is LayerKind.MultiheadAttention or LayerKind.TransformerEncoderLayer && s.Real > 0);

    /// <summary>Whether any layer is a batch normalisation (running statistics as buffers).</summary>
    public bool HasBatchNorm => Any(Architecture.Specs, LayerKind.BatchNorm1d) || Any(Architecture.Specs, LayerKind.BatchNorm2d);

    /// <summary>Constructs the generated class (its parameters drawn from the global generator).</summary>
    public GeneratedNetwork BuildGenerated() => build();

    /// <summary>Builds the interpreter's module from the same value, under the same name.</summary>
    public InterpretedNetwork BuildInterpreted() => Architecture.Build(Name);

    /// <summary>
    /// A valid batch drawn from its own generator, so making inputs never moves the global generator that
    /// parameter initialisation and dropout read: token ids lie in the first Embedding's vocabulary.
    /// </summary>
    public Tensor SampleInput(long batch, long seed)
    {
        var input = Architecture.InputShape;
        var shape = new[] { batch }.Concat(input.Dims.Select(d => (long)d)).ToArray();
        using var generator = new Generator((ulong)seed);
        if (input.ElementType == ElementType.Int64)
        {
            int vocabulary = Architecture.Specs.First(s => s.Kind == LayerKind.Embedding).Vocabulary;
            return torch.randint(0, vocabulary, shape, dtype: ScalarType.Int64, generator: generator);
        }
        return torch.randn(shape, generator: generator);
    }

    /// <summary>Describes a generated class <typeparamref name="TNetwork"/> whose Output is <typeparamref name="TOutput"/>.</summary>
    /// <remarks>Each tap: its name in <c>.Tap("…")</c>, its Output property, its <c>XxxShape</c> and <c>XxxSize</c> constants.</remarks>
    public static NetworkCase Of<TNetwork, TOutput>(
        Layer architecture,
        Func<TNetwork> create,
        Func<TOutput, Tensor> result,
        IReadOnlyList<int> inputShape,
        IReadOnlyList<int> outputShape,
        int outputSize,
        long? parameterCount,
        params (string Name, Func<TOutput, Tensor> Read, IReadOnlyList<int> Shape, int Size)[] taps)
        where TNetwork : nn.Module<Tensor, TOutput>
    {
        GeneratedNetwork Build()
        {
            var network = create();
            return new GeneratedNetwork(network, input =>
            {
                var output = network.call(input);
                return new NetworkOutput(result(output), taps.ToDictionary(t => t.Name, t => t.Read(output)));
            });
        }

        var constants = new GeneratedConstants(
            inputShape, outputShape, outputSize, parameterCount,
            taps.ToDictionary(t => t.Name, t => t.Shape),
            taps.ToDictionary(t => t.Name, t => t.Size));
        return new NetworkCase(typeof(TNetwork).Name, architecture, Build, constants);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static bool Any(IEnumerable<LayerSpec> specs, LayerKind kind)
        => specs.Any(s => s.Kind == kind || Any(s.Inner, kind));
}
