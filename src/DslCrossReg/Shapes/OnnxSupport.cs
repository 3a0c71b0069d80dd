using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Shapes;

/// <summary>
/// Which layer kinds the ONNX export writes, and how a refusal reads: shared by the runtime's <c>OnnxExport</c> and
/// the analyzer's DCR0047, so that both say the same.
/// </summary>
public static class OnnxSupport
{
    /// <summary>The layer kinds that export, in the order the docs list them.</summary>
    public static IReadOnlyList<LayerKind> Kinds { get; } = new[]
    {
        LayerKind.Linear, LayerKind.ReLU, LayerKind.GELU, LayerKind.Tanh, LayerKind.Sigmoid, LayerKind.LeakyReLU,
        LayerKind.Flatten, LayerKind.Dropout, LayerKind.Conv1d, LayerKind.Conv2d, LayerKind.MaxPool2d, LayerKind.AvgPool2d,
        LayerKind.BatchNorm1d, LayerKind.BatchNorm2d, LayerKind.LayerNorm, LayerKind.Residual,
        LayerKind.RangeNormalize, LayerKind.Standardize, LayerKind.Embedding, LayerKind.LSTM, LayerKind.GRU, LayerKind.MultiheadAttention,
        LayerKind.TransformerEncoderLayer,
    };

    /// <summary>Whether a layer of <paramref name="kind"/> exports (a Residual exports when its inner layers do).</summary>
    public static bool Exports(LayerKind kind) => Kinds.Contains(kind);

    /// <summary>
    /// Every layer of <paramref name="layers"/> (a pipeline's layers after Input) that has no ONNX export, inside
    /// Residuals too, with its module name and its index in its own pipeline: the one walk behind the runtime's
    /// <c>OnnxExport.Unsupported</c>, the generated <c>ExportOnnx</c> and DCR0047.
    /// </summary>
    public static IReadOnlyList<(string Name, int Position, LayerSpec Layer)> Unexportable(IReadOnlyList<LayerSpec> layers)
    {
        var found = new List<(string, int, LayerSpec)>();
        Collect(layers, null, found);
        return found;
    }

    /// <summary><see cref="Unexportable"/>, each layer described as <see cref="Refusal"/> names it.</summary>
    public static List<string> UnexportableDescribed(IReadOnlyList<LayerSpec> layers)
        => Unexportable(layers).Select(u => Describe(u.Name, u.Position, u.Layer)).ToList();

    private static void Collect(IReadOnlyList<LayerSpec> layers, string? parent, List<(string, int, LayerSpec)> found)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            string name = LayerNames.Of(layers[i], i, parent);
            if (layers[i].Kind == LayerKind.Residual) Collect(layers[i].Inner, name, found);
            else if (!Exports(layers[i].Kind)) found.Add((name, i, layers[i]));
        }
    }

    /// <summary><c>lstm2 (LSTM(24), layer 2 after Input)</c>, with " of its Residual" inside one.</summary>
    public static string Describe(string name, int position, LayerSpec layer)
        => name + " (" + layer.Display() + ", layer " + position.ToString(CultureInfo.InvariantCulture) + " after Input"
           + (name.IndexOf('_') >= 0 ? " of its Residual" : string.Empty) + ")";

    /// <summary>The refusal: "Network 'X' cannot be exported to ONNX: a; b have no ONNX export. Layers that export: …."</summary>
    public static string Refusal(string network, IReadOnlyList<string> layers)
        => "Network '" + network + "' cannot be exported to ONNX: " + string.Join("; ", layers) + " "
           + (layers.Count == 1 ? "has" : "have") + " no ONNX export. Layers that export: " + string.Join(", ", Kinds) + ".";
}
