using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DslCrossReg.Shapes;

namespace DslCrossReg;

/// <summary>
/// A network, or a piece of one, as an immutable value: a pipeline of layers composed left to right with
/// <c>&gt;&gt;</c>, like data flows (<c>Input(784) &gt;&gt; Linear(128) &gt;&gt; ReLU &gt;&gt; Linear(10)</c>). A value
/// describes; it holds no parameters. <see cref="InterpretedNetwork"/> turns it into a TorchSharp module at run
/// time, and the DslCrossReg generator turns a <c>[Network]</c> class's value into generated module code.
/// </summary>
public sealed class Layer : IEquatable<Layer>
{
    private ShapeInference? inference;

    internal Layer(ImmutableArray<LayerSpec> specs) => Specs = specs;

    internal Layer(LayerSpec spec) : this(ImmutableArray.Create(spec))
    {
    }

    /// <summary>The layers in order; the first is the Input of a complete network.</summary>
    public ImmutableArray<LayerSpec> Specs { get; }

    /// <summary>Whether this value starts with Input, i.e. describes a whole network rather than a fragment.</summary>
    public bool IsNetwork => Specs.Length > 0 && Specs[0].Kind == LayerKind.Input;

    /// <summary>Composes two pipelines: the output of <paramref name="first"/> feeds <paramref name="then"/>.</summary>
    public static Layer operator >>(Layer first, Layer then)
    {
        ArgumentErrors.NotNull(first);
        ArgumentErrors.NotNull(then);
        return new Layer(first.Specs.AddRange(then.Specs));
    }

    /// <summary>Names the output of this pipeline's last layer, so that it is returned beside the final output.</summary>
    /// <param name="name">The tap name; a C# identifier-like name such as <c>embedding</c>.</param>
    public Layer Tap(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw ArgumentErrors.Invalid("A tap needs a non-empty name.", nameof(name));
        var last = Specs[Specs.Length - 1];
        if (last.Tap is not null)
            throw ArgumentErrors.Invalid($"{last.Display()} is already tapped as '{last.Tap}'.", nameof(name));
        return new Layer(Specs.SetItem(Specs.Length - 1, last.WithTap(name)));
    }

    /// <summary>
    /// Names this pipeline's last layer: the name of its module, of its field in generated code and the prefix of its
    /// tensors in checkpoints and PyTorch state dicts (<c>Linear(128).Named("fc1")</c> holds <c>fc1.weight</c> and
    /// <c>fc1.bias</c>, as PyTorch's <c>self.fc1 = nn.Linear(…)</c> does). A layer without a name is named after its
    /// kind and position (<c>linear4</c>).
    /// </summary>
    /// <param name="name">Letters, digits and underscores, starting with a letter or an underscore; unique in the network.</param>
    public Layer Named(string name)
    {
        if (!LayerNames.IsValid(name))
            throw ArgumentErrors.Invalid($"'{name}' is not a layer name; use letters, digits and underscores, starting with a letter or an underscore.", nameof(name));
        var last = Specs[Specs.Length - 1];
        if (last.Name is not null)
            throw ArgumentErrors.Invalid($"{last.Display()} is already named '{last.Name}'.", nameof(name));
        return new Layer(Specs.SetItem(Specs.Length - 1, last.WithName(name)));
    }

    /// <summary>
    /// Every layer's output shape, inferred once. Throws <see cref="LayerShapeException"/> naming the layer and the
    /// expected and actual shapes when the pipeline is invalid.
    /// </summary>
    public ShapeInference Shapes
    {
        get
        {
            var result = inference ??= ShapeRules.Infer(Specs);
            if (result.Error is { } error) throw new LayerShapeException(error);
            return result;
        }
    }

    /// <summary>The per-sample input shape.</summary>
    public TensorShape InputShape => Shapes.Input;

    /// <summary>The per-sample output shape.</summary>
    public TensorShape OutputShape => Shapes.Output;

    /// <summary>Each tap's per-sample shape by name.</summary>
    public IReadOnlyDictionary<string, TensorShape> TapShapes => Shapes.Taps.ToDictionary(t => t.Key, t => t.Value);

    /// <summary>
    /// The number of trainable parameters the network will have. Throws <see cref="InvalidOperationException"/> when a
    /// stage is a user's <see cref="Layers.Module{TModule}"/>, whose parameters only the module knows: count those of
    /// the built network (<c>network.parameters()</c>) instead.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            var shapes = Shapes.Shapes;
            if (Specs.FirstOrDefault(s => s.ContainsModule) is { } stage)
                throw new InvalidOperationException(
                    $"{stage.Display()} is a module of your own, whose parameters are known only once it is created: count the built network's parameters() instead.");
            long total = 0;
            for (int i = 1; i < Specs.Length; i++) total += ShapeRules.ParameterCount(Specs[i], shapes[i - 1]);
            return total;
        }
    }

    /// <summary>Builds a TorchSharp module from this value (see <see cref="InterpretedNetwork"/>).</summary>
    /// <param name="name">The network's name, used as the module name and in error messages.</param>
    public InterpretedNetwork Build(string name = "Network") => new(name, this);

    /// <summary>The pipeline as written in the DSL.</summary>
    public override string ToString() => string.Join(" >> ", Specs.Select(s => s.ToString()));

    /// <inheritdoc />
    public bool Equals(Layer? other) => other is not null && Specs.SequenceEqual(other.Specs);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Layer);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var spec in Specs) hash.Add(spec);
        return hash.ToHashCode();
    }
}
