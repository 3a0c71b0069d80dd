using System;
using DslCrossReg.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Modules;

/// <summary>
/// The one table from a DSL layer to the TorchSharp module that implements it. The generator emits exactly these
/// constructor calls, in the same (pipeline) order, so that a generated network and an interpreted one built
/// after the same <c>torch.manual_seed</c> draw the same initial parameters, bit for bit.
/// <list type="table">
/// <item><term>Linear</term><description><c>nn.Linear(in, out)</c></description></item>
/// <item><term>Conv1d / Conv2d</term><description><c>nn.Conv1d(in, out, kernel, stride, padding)</c> / <c>nn.Conv2d(…)</c></description></item>
/// <item><term>MaxPool2d / AvgPool2d</term><description><c>nn.MaxPool2d(kernel, stride)</c> / <c>nn.AvgPool2d(kernel, stride)</c></description></item>
/// <item><term>Flatten, ReLU, GELU, Tanh, Sigmoid</term><description><c>nn.Flatten()</c>, <c>nn.ReLU()</c>, …</description></item>
/// <item><term>LeakyReLU, Dropout</term><description><c>nn.LeakyReLU(slope)</c>, <c>nn.Dropout(p)</c></description></item>
/// <item><term>BatchNorm1d / BatchNorm2d</term><description><c>nn.BatchNorm1d(channels)</c> / <c>nn.BatchNorm2d(channels)</c></description></item>
/// <item><term>LayerNorm</term><description><c>nn.LayerNorm(new long[] { features })</c></description></item>
/// <item><term>Embedding</term><description><c>nn.Embedding(vocabulary, dim)</c></description></item>
/// <item><term>LSTM / GRU</term><description><c>nn.LSTM(in, hidden, batchFirst: true)</c> / <c>nn.GRU(…)</c>, read through <see cref="RecurrentState"/></description></item>
/// <item><term>RangeNormalize / Standardize</term><description><see cref="RangeNormalizeLayer"/> / <see cref="StandardizeLayer"/></description></item>
/// <item><term>MultiheadAttention</term><description><c>nn.MultiheadAttention(features, heads, dropout)</c>, run through <see cref="SelfAttention"/></description></item>
/// <item><term>TransformerEncoderLayer</term><description><c>nn.TransformerEncoderLayer(features, heads, feedforward, dropout)</c>, run through <see cref="SelfAttention"/></description></item>
/// <item><term>Module</term><description>the stage's own factory, through <see cref="UserModules.Create(LayerSpec, string?)"/></description></item>
/// </list>
/// Residual has no module of its own: its inner layers are created in place, named with the Residual's prefix.
/// </summary>
public static class LayerModules
{
    /// <summary>Creates the module of <paramref name="layer"/> receiving samples of shape <paramref name="input"/>.</summary>
    public static nn.Module Create(LayerSpec layer, TensorShape input)
    {
        ArgumentErrors.NotNull(layer);
        ArgumentErrors.NotNull(input);
        long last = input.Last, channels = input.Dims[0];
        return layer.Kind switch
        {
            LayerKind.Linear => nn.Linear(last, layer.Out),
            LayerKind.Conv1d => nn.Conv1d(channels, layer.Out, layer.Kernel, layer.Stride, layer.Padding),
            LayerKind.Conv2d => nn.Conv2d(channels, layer.Out, layer.Kernel, layer.Stride, layer.Padding),
            LayerKind.MaxPool2d => nn.MaxPool2d(layer.Kernel, layer.Stride),
            LayerKind.AvgPool2d => nn.AvgPool2d(layer.Kernel, layer.Stride),
            LayerKind.Flatten => nn.Flatten(),
            LayerKind.ReLU => nn.ReLU(),
            LayerKind.GELU => nn.GELU(),
            LayerKind.Tanh => nn.Tanh(),
            LayerKind.Sigmoid => nn.Sigmoid(),
            LayerKind.LeakyReLU => nn.LeakyReLU(layer.Real),
            LayerKind.Dropout => nn.Dropout(layer.Real),
            LayerKind.BatchNorm1d => nn.BatchNorm1d(channels),
            LayerKind.BatchNorm2d => nn.BatchNorm2d(channels),
            LayerKind.LayerNorm => nn.LayerNorm(new long[] { last }),
            LayerKind.Embedding => nn.Embedding(layer.Vocabulary, layer.Out),
            LayerKind.LSTM => nn.LSTM(last, layer.Out, batchFirst: true),
            LayerKind.GRU => nn.GRU(last, layer.Out, batchFirst: true),
            LayerKind.RangeNormalize => new RangeNormalizeLayer(layer.Real),
            LayerKind.Standardize => new StandardizeLayer(layer.Real),
            LayerKind.MultiheadAttention => nn.MultiheadAttention(last, layer.Heads, layer.Real),
            LayerKind.TransformerEncoderLayer => nn.TransformerEncoderLayer(last, layer.Heads, layer.Feedforward, layer.Real),
            LayerKind.Module => UserModules.Create(layer),
            _ => throw ArgumentErrors.Invalid($"{layer.Display()} has no module of its own.", nameof(layer)),
        };
    }
}
