using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Shapes;

/// <summary>
/// One layer of a pipeline as plain, immutable, value-equal data: what the runtime <c>Layer</c> value holds and
/// what the source generator reads from syntax, so both run the same <see cref="ShapeRules"/>.
/// </summary>
public sealed class LayerSpec : IEquatable<LayerSpec>
{
    /// <summary>The ε the normalisers use when none is given.</summary>
    public const double DefaultEpsilon = 1e-8;

    /// <summary>The negative slope LeakyReLU uses when none is given.</summary>
    public const double DefaultLeakySlope = 0.01;

    private static readonly LayerSpec[] NoLayers = new LayerSpec[0];
    private readonly int[] sizes;
    private readonly LayerSpec[] inner;

    /// <summary>The dropout a TransformerEncoderLayer uses when none is given (PyTorch's default).</summary>
    public const double DefaultEncoderDropout = 0.1;

    private LayerSpec(LayerKind kind, int[] sizes, double real, string? tap, LayerSpec[] inner, ElementType inputType = ElementType.Float32,
        string? moduleType = null, object? factory = null, string? name = null)
    {
        Name = name;
        Kind = kind;
        this.sizes = sizes;
        Real = real;
        Tap = tap;
        this.inner = inner;
        InputElementType = inputType;
        ModuleType = moduleType;
        Factory = factory;
    }

    /// <summary>The layer kind.</summary>
    public LayerKind Kind { get; }

    /// <summary>
    /// The integer arguments, by kind: Input — the per-sample dims; Linear — [out] or [in, out]; Conv1d/Conv2d —
    /// [out, kernel, stride, padding]; pools — [kernel, stride]; Embedding — [vocab, dim]; LSTM/GRU — [hidden];
    /// Module — its declared per-sample output dims; MultiheadAttention — [heads]; TransformerEncoderLayer — [heads,
    /// feedforward]. Prefer the named accessors.
    /// </summary>
    public IReadOnlyList<int> Sizes => sizes;

    /// <summary>The real argument: LeakyReLU's slope, Dropout's p (and an attention layer's), a normaliser's ε; 0 otherwise.</summary>
    public double Real { get; }

    /// <summary>The tap name on this layer's output, or null.</summary>
    public string? Tap { get; }

    /// <summary>
    /// The layer's declared name (<c>.Named("fc1")</c>), or null for the positional one (<c>linear4</c>): see
    /// <see cref="LayerNames"/>.
    /// </summary>
    public string? Name { get; }

    /// <summary>The inner pipeline of a Residual (no Input), else empty.</summary>
    public IReadOnlyList<LayerSpec> Inner => inner;

    /// <summary>For Input: whether samples are Float32 values or Int64 token ids.</summary>
    public ElementType InputElementType { get; }

    /// <summary>For Module: the simple name of the module's type (<c>MyBlock</c>), as messages show it; else null.</summary>
    public string? ModuleType { get; }

    /// <summary>
    /// For Module at run time: the <c>Func</c> that creates the module (a <c>Func&lt;Module&lt;Tensor, Tensor&gt;&gt;</c>), called
    /// once per network built; null elsewhere, and in the generator, which reads only the declared shape.
    /// </summary>
    public object? Factory { get; }

    /// <summary>For MultiheadAttention and TransformerEncoderLayer: the number of attention heads.</summary>
    public int Heads => sizes[0];

    /// <summary>For TransformerEncoderLayer: the width of its feed-forward block.</summary>
    public int Feedforward => sizes[1];

    /// <summary>Whether this layer, or a layer inside it, is a user's Module, whose parameters only the module knows.</summary>
    public bool ContainsModule => Kind == LayerKind.Module || inner.Any(l => l.ContainsModule);

    /// <summary>Linear's declared input width, or null when it is inferred.</summary>
    public int? InFeatures => Kind == LayerKind.Linear && sizes.Length == 2 ? sizes[0] : (int?)null;

    /// <summary>Output features / channels of Linear, Conv1d, Conv2d; the embedding dim; the hidden size of LSTM/GRU.</summary>
    public int Out => Kind switch
    {
        LayerKind.Linear => sizes[sizes.Length - 1],
        LayerKind.Embedding => sizes[1],
        _ => sizes[0],
    };

    /// <summary>Kernel size of a convolution or pool.</summary>
    public int Kernel => IsPool ? sizes[0] : sizes[1];

    /// <summary>Stride of a convolution or pool (a pool's default stride is its kernel).</summary>
    public int Stride => IsPool ? sizes[1] : sizes[2];

    /// <summary>Zero padding of a convolution.</summary>
    public int Padding => IsPool ? 0 : sizes[3];

    /// <summary>Vocabulary size of an Embedding.</summary>
    public int Vocabulary => sizes[0];

    private bool IsPool => Kind is LayerKind.MaxPool2d or LayerKind.AvgPool2d;

    /// <summary>Starts a Float32 pipeline.</summary>
    public static LayerSpec Input(params int[] dims) => new(LayerKind.Input, Copy(dims), 0, null, NoLayers);

    /// <summary>Starts a pipeline of Int64 token ids.</summary>
    public static LayerSpec TokenInput(params int[] dims) => new(LayerKind.Input, Copy(dims), 0, null, NoLayers, ElementType.Int64);

    /// <summary>Linear with an inferred input width.</summary>
    public static LayerSpec Linear(int outFeatures) => Of(LayerKind.Linear, outFeatures);

    /// <summary>Linear whose input width is checked against the inferred one.</summary>
    public static LayerSpec Linear(int inFeatures, int outFeatures) => Of(LayerKind.Linear, inFeatures, outFeatures);

    /// <summary>A convolution (<see cref="LayerKind.Conv1d"/> or <see cref="LayerKind.Conv2d"/>).</summary>
    public static LayerSpec Convolution(LayerKind kind, int outChannels, int kernel, int stride, int padding)
        => Of(Require(kind, LayerKind.Conv1d, LayerKind.Conv2d), outChannels, kernel, stride, padding);

    /// <summary>A pool (<see cref="LayerKind.MaxPool2d"/> or <see cref="LayerKind.AvgPool2d"/>); stride 0 means the kernel.</summary>
    public static LayerSpec Pool(LayerKind kind, int kernel, int stride)
        => Of(Require(kind, LayerKind.MaxPool2d, LayerKind.AvgPool2d), kernel, stride == 0 ? kernel : stride);

    /// <summary>A layer without arguments (activations, Flatten, BatchNorm, LayerNorm).</summary>
    public static LayerSpec Simple(LayerKind kind)
        => Of(Require(kind, LayerKind.Flatten, LayerKind.ReLU, LayerKind.GELU, LayerKind.Tanh, LayerKind.Sigmoid,
            LayerKind.BatchNorm1d, LayerKind.BatchNorm2d, LayerKind.LayerNorm));

    /// <summary>A layer with one real argument (LeakyReLU slope, Dropout p, normaliser ε).</summary>
    public static LayerSpec WithReal(LayerKind kind, double value)
        => new(Require(kind, LayerKind.LeakyReLU, LayerKind.Dropout, LayerKind.RangeNormalize, LayerKind.Standardize),
            new int[0], value, null, NoLayers);

    /// <summary>An Embedding of <paramref name="vocabulary"/> ids into <paramref name="dim"/> features.</summary>
    public static LayerSpec Embedding(int vocabulary, int dim) => Of(LayerKind.Embedding, vocabulary, dim);

    /// <summary>A recurrent layer (<see cref="LayerKind.LSTM"/> or <see cref="LayerKind.GRU"/>).</summary>
    public static LayerSpec Recurrent(LayerKind kind, int hidden) => Of(Require(kind, LayerKind.LSTM, LayerKind.GRU), hidden);

    /// <summary>x + inner(x).</summary>
    public static LayerSpec Residual(IEnumerable<LayerSpec> inner)
        => new(LayerKind.Residual, new int[0], 0, null, inner.ToArray());

    /// <summary>
    /// A user's module of type <paramref name="moduleType"/> (its simple name) whose per-sample output shape is
    /// <paramref name="outputs"/>; <paramref name="factory"/> creates it at run time (null in the generator).
    /// </summary>
    public static LayerSpec Module(string moduleType, int[] outputs, object? factory)
        => new(LayerKind.Module, Copy(outputs), 0, null, NoLayers, ElementType.Float32, moduleType, factory);

    /// <summary>Multi-head self-attention with <paramref name="heads"/> heads and <paramref name="dropout"/> on its attention weights.</summary>
    public static LayerSpec MultiheadAttention(int heads, double dropout)
        => new(LayerKind.MultiheadAttention, new[] { heads }, dropout, null, NoLayers);

    /// <summary>A transformer encoder layer with <paramref name="heads"/> heads and a feed-forward block <paramref name="feedforward"/> wide.</summary>
    public static LayerSpec TransformerEncoderLayer(int heads, int feedforward, double dropout)
        => new(LayerKind.TransformerEncoderLayer, new[] { heads, feedforward }, dropout, null, NoLayers);

    /// <summary>The same layer with its output tapped under <paramref name="name"/>.</summary>
    public LayerSpec WithTap(string name) => new(Kind, sizes, Real, name, inner, InputElementType, ModuleType, Factory, Name);

    /// <summary>The same layer with the declared name <paramref name="name"/> (see <see cref="LayerNames"/>).</summary>
    public LayerSpec WithName(string name) => new(Kind, sizes, Real, Tap, inner, InputElementType, ModuleType, Factory, name);

    /// <summary>How the layer is written in the DSL, e.g. <c>Conv2d(16, kernel: 3)</c>.</summary>
    public string Display()
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        switch (Kind)
        {
            case LayerKind.Input:
                return (InputElementType == ElementType.Int64 ? "TokenInput(" : "Input(") + string.Join(", ", sizes.Select(I)) + ")";
            case LayerKind.Linear:
                return "Linear(" + string.Join(", ", sizes.Select(I)) + ")";
            case LayerKind.Conv1d:
            case LayerKind.Conv2d:
                return Kind + "(" + I(Out) + ", kernel: " + I(Kernel)
                    + (Stride != 1 ? ", stride: " + I(Stride) : string.Empty)
                    + (Padding != 0 ? ", padding: " + I(Padding) : string.Empty) + ")";
            case LayerKind.MaxPool2d:
            case LayerKind.AvgPool2d:
                return Kind + "(" + I(Kernel) + (Stride != Kernel ? ", stride: " + I(Stride) : string.Empty) + ")";
            case LayerKind.LeakyReLU:
            case LayerKind.Dropout:
                return Kind + "(" + R(Real) + ")";
            case LayerKind.RangeNormalize:
            case LayerKind.Standardize:
                return Kind + "(" + (Real == DefaultEpsilon ? string.Empty : R(Real)) + ")";
            case LayerKind.Embedding:
                return "Embedding(" + I(Vocabulary) + ", " + I(Out) + ")";
            case LayerKind.LSTM:
            case LayerKind.GRU:
                return Kind + "(" + I(Out) + ")";
            case LayerKind.Residual:
                return "Residual(" + string.Join(" >> ", inner.Select(l => l.DisplayWithName())) + ")";
            case LayerKind.Module:
                return "Module<" + ModuleType + ">(" + (sizes.Length == 0 ? string.Empty : "outputs: " + string.Join(", ", sizes.Select(I))) + ")";
            case LayerKind.MultiheadAttention:
                return "MultiheadAttention(" + I(Heads) + (Real == 0 ? string.Empty : ", dropout: " + R(Real)) + ")";
            case LayerKind.TransformerEncoderLayer:
                return "TransformerEncoderLayer(" + I(Heads) + ", feedforward: " + I(Feedforward)
                    + (Real == DefaultEncoderDropout ? string.Empty : ", dropout: " + R(Real)) + ")";
            default:
                return Kind.ToString();
        }
    }

    /// <summary>
    /// <see cref="Display"/> followed by the declared name, if any (<c>Linear(128).Named("fc1")</c>): what decides
    /// the layer's parameters and their names, without the tap.
    /// </summary>
    public string DisplayWithName() => Display() + (Name is null ? string.Empty : ".Named(\"" + Name + "\")");

    /// <inheritdoc />
    public override string ToString() => DisplayWithName() + (Tap is null ? string.Empty : ".Tap(\"" + Tap + "\")");

    /// <inheritdoc />
    public bool Equals(LayerSpec? other)
        => other is not null && Kind == other.Kind && InputElementType == other.InputElementType
           && sizes.SequenceEqual(other.sizes) && Real.Equals(other.Real)
           && string.Equals(Tap, other.Tap, StringComparison.Ordinal) && string.Equals(Name, other.Name, StringComparison.Ordinal) && inner.SequenceEqual(other.inner)
           && string.Equals(ModuleType, other.ModuleType, StringComparison.Ordinal) && Equals(Factory, other.Factory);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LayerSpec);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            // InputElementType is part of equality, so Input(5) and TokenInput(5) must not share a hash either.
            int hash = ((int)Kind * 397) ^ ((int)InputElementType * 7919) ^ (Real == 0 ? 0.0 : Real).GetHashCode() ^ (Tap is null ? 0 : StringComparer.Ordinal.GetHashCode(Tap))
                       ^ (ModuleType is null ? 0 : StringComparer.Ordinal.GetHashCode(ModuleType) * 31)
                       ^ (Name is null ? 0 : StringComparer.Ordinal.GetHashCode(Name) * 17);
            foreach (var s in sizes) hash = (hash * 31) + s;
            foreach (var l in inner) hash = (hash * 31) + l.GetHashCode();
            return hash;
        }
    }

    private static LayerSpec Of(LayerKind kind, params int[] sizes) => new(kind, sizes, 0, null, NoLayers);

    private static int[] Copy(int[] values) => (int[])values.Clone();

    private static LayerKind Require(LayerKind kind, params LayerKind[] allowed)
        => Array.IndexOf(allowed, kind) >= 0
            ? kind
            : throw new ArgumentException("Layer kind " + kind + " is not one of " + string.Join(", ", allowed) + ".", nameof(kind));
}
