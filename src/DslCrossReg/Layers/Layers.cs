using System;
using System.Linq;
using DslCrossReg.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg;

/// <summary>
/// The Layers DSL. Bring it in with <c>using static DslCrossReg.Layers;</c> and compose with <c>&gt;&gt;</c>:
/// <code>Input(1, 28, 14) &gt;&gt; Conv2d(16, kernel: 3) &gt;&gt; ReLU &gt;&gt; MaxPool2d(2) &gt;&gt; Flatten &gt;&gt; Linear(64)</code>
/// Every layer after <see cref="Input"/> infers its input size from the layer before (here Linear's input is
/// 16·13·6); parameterless layers are properties. Inside a <c>[Network]</c> class every argument must be a
/// compile-time constant, so that the generator checks the shapes while you type.
/// </summary>
public static class Layers
{
    /// <summary>Starts a pipeline whose samples are Float32 tensors of shape <paramref name="shape"/> (batch excluded).</summary>
    public static Layer Input(params int[] shape) => new(LayerSpec.Input(Require(shape, nameof(shape))));

    /// <summary>Starts a pipeline whose samples are Int64 token ids of shape <paramref name="shape"/>, for <see cref="Embedding"/>.</summary>
    public static Layer TokenInput(params int[] shape) => new(LayerSpec.TokenInput(Require(shape, nameof(shape))));

    /// <summary>An affine map y = xWᵀ + b over the last axis, to <paramref name="outFeatures"/> features.</summary>
    public static Layer Linear(int outFeatures) => new(LayerSpec.Linear(outFeatures));

    /// <summary>An affine map whose input width <paramref name="inFeatures"/> is checked against the inferred one.</summary>
    public static Layer Linear(int inFeatures, int outFeatures) => new(LayerSpec.Linear(inFeatures, outFeatures));

    /// <summary>1-D convolution over (channels, length).</summary>
    public static Layer Conv1d(int outChannels, int kernel, int stride = 1, int padding = 0)
        => new(LayerSpec.Convolution(LayerKind.Conv1d, outChannels, kernel, stride, padding));

    /// <summary>2-D convolution over (channels, height, width) with a square kernel.</summary>
    public static Layer Conv2d(int outChannels, int kernel, int stride = 1, int padding = 0)
        => new(LayerSpec.Convolution(LayerKind.Conv2d, outChannels, kernel, stride, padding));

    /// <summary>2-D max pooling with a square window; <paramref name="stride"/> 0 means the kernel size.</summary>
    public static Layer MaxPool2d(int kernel, int stride = 0) => new(LayerSpec.Pool(LayerKind.MaxPool2d, kernel, stride));

    /// <summary>2-D average pooling with a square window; <paramref name="stride"/> 0 means the kernel size.</summary>
    public static Layer AvgPool2d(int kernel, int stride = 0) => new(LayerSpec.Pool(LayerKind.AvgPool2d, kernel, stride));

    /// <summary>Flattens every per-sample axis into one.</summary>
    public static Layer Flatten => new(LayerSpec.Simple(LayerKind.Flatten));

    /// <summary>max(0, x).</summary>
    public static Layer ReLU => new(LayerSpec.Simple(LayerKind.ReLU));

    /// <summary>Gaussian error linear unit.</summary>
    public static Layer GELU => new(LayerSpec.Simple(LayerKind.GELU));

    /// <summary>Hyperbolic tangent.</summary>
    public static Layer Tanh => new(LayerSpec.Simple(LayerKind.Tanh));

    /// <summary>Logistic sigmoid.</summary>
    public static Layer Sigmoid => new(LayerSpec.Simple(LayerKind.Sigmoid));

    /// <summary>Batch normalisation over (features) or (channels, length).</summary>
    public static Layer BatchNorm1d => new(LayerSpec.Simple(LayerKind.BatchNorm1d));

    /// <summary>Batch normalisation over (channels, height, width).</summary>
    public static Layer BatchNorm2d => new(LayerSpec.Simple(LayerKind.BatchNorm2d));

    /// <summary>Layer normalisation over the last axis, with a learned scale and shift.</summary>
    public static Layer LayerNorm => new(LayerSpec.Simple(LayerKind.LayerNorm));

    /// <summary>max(0, x) + <paramref name="slope"/> · min(0, x).</summary>
    public static Layer LeakyReLU(double slope = LayerSpec.DefaultLeakySlope) => new(LayerSpec.WithReal(LayerKind.LeakyReLU, slope));

    /// <summary>Zeroes each element with probability <paramref name="p"/> while training (scaling the rest by 1/(1−p)).</summary>
    public static Layer Dropout(double p) => new(LayerSpec.WithReal(LayerKind.Dropout, p));

    /// <summary>Maps Int64 token ids in [0, <paramref name="vocabulary"/>) to learned vectors of <paramref name="dim"/> features.</summary>
    public static Layer Embedding(int vocabulary, int dim) => new(LayerSpec.Embedding(vocabulary, dim));

    /// <summary>An LSTM over (sequence, features) returning the final hidden state, of <paramref name="hidden"/> features.</summary>
    public static Layer LSTM(int hidden) => new(LayerSpec.Recurrent(LayerKind.LSTM, hidden));

    /// <summary>A GRU over (sequence, features) returning the final hidden state, of <paramref name="hidden"/> features.</summary>
    public static Layer GRU(int hidden) => new(LayerSpec.Recurrent(LayerKind.GRU, hidden));

    /// <summary>
    /// Self-attention over a sequence: each sample's [L, F] (batch first, as LSTM and GRU read it) attends to itself
    /// through TorchSharp's <c>nn.MultiheadAttention(F, heads, dropout)</c> and returns [L, F]. F must be divisible by
    /// <paramref name="heads"/>; <paramref name="dropout"/> applies to the attention weights while training.
    /// </summary>
    public static Layer MultiheadAttention(int heads, double dropout = 0.0) => new(LayerSpec.MultiheadAttention(heads, dropout));

    /// <summary>
    /// One transformer encoder layer over a sequence [L, F] (batch first), TorchSharp's
    /// <c>nn.TransformerEncoderLayer(F, heads, feedforward, dropout)</c>: self-attention, then a ReLU feed-forward
    /// block <paramref name="feedforward"/> wide, each added to its input and layer-normalised (post-norm, as
    /// PyTorch's default). Returns [L, F]; F must be divisible by <paramref name="heads"/>.
    /// </summary>
    public static Layer TransformerEncoderLayer(int heads, int feedforward, double dropout = LayerSpec.DefaultEncoderDropout)
        => new(LayerSpec.TransformerEncoderLayer(heads, feedforward, dropout));

    /// <summary>
    /// A stage of your own: any TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c>, created by <paramref name="create"/> once
    /// for each network built, registered as a submodule (so its parameters are trained, frozen, saved and loaded
    /// with the network's) and checked at every forward pass against its declared per-sample output shape
    /// <paramref name="outputs"/> (Float32; the batch axis excluded). In a <c>[Network]</c> the shape must be
    /// compile-time constants, so the layers after it are checked as you type:
    /// <code>Input(16, 32) &gt;&gt; Module(() =&gt; new MyBlock(32), 16, 64) &gt;&gt; Linear(10)</code>
    /// (one dimension may be named: <c>outputs: 64</c>). Let <paramref name="create"/> return a new module each call: a module
    /// created once and returned every time would be shared by every network built from this architecture.
    /// </summary>
    /// <typeparam name="TModule">The module's type; its simple name is how messages show the stage, <c>Module&lt;MyBlock&gt;(outputs: 64)</c>.</typeparam>
    public static Layer Module<TModule>(Func<TModule> create, params int[] outputs)
        where TModule : nn.Module<Tensor, Tensor>
    {
        ArgumentErrors.NotNull(create);
        return new(LayerSpec.Module(SimpleName(typeof(TModule)), Require(outputs, nameof(outputs)), create));
    }

    /// <summary>x + inner(x); <paramref name="inner"/> must return the shape it receives.</summary>
    public static Layer Residual(Layer inner)
    {
        ArgumentErrors.NotNull(inner);
        if (inner.IsNetwork)
            throw ArgumentErrors.Invalid("A Residual's inner pipeline continues the outer one; it must not start with Input.", nameof(inner));
        return new(LayerSpec.Residual(inner.Specs));
    }

    /// <summary>Per-sample min–max normalisation over the last axis, (x − min) / max(max − min, ε).</summary>
    public static Layer RangeNormalize(double epsilon = LayerSpec.DefaultEpsilon) => new(LayerSpec.WithReal(LayerKind.RangeNormalize, epsilon));

    /// <summary>Per-sample z-score over the last axis, (x − mean) / sqrt(var + ε).</summary>
    public static Layer Standardize(double epsilon = LayerSpec.DefaultEpsilon) => new(LayerSpec.WithReal(LayerKind.Standardize, epsilon));

    // As the generator reads it from the symbol: the type's name without its generic arity.
    private static string SimpleName(Type type) => type.Name.Split('`')[0];

    private static int[] Require(int[] shape, string name)
        => shape ?? throw new ArgumentNullException(name);
}
