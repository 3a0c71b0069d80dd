using System.Globalization;

namespace DslCrossReg.Shapes;

/// <summary>
/// The stable, readable module name of every layer — the field name in generated code, the submodule name in the
/// interpreter, the key prefix in checkpoints and PyTorch state dicts. In order of precedence: the name the layer
/// declares with <c>.Named("fc1")</c>; the name of its tap (<c>Linear(32).Tap("embedding")</c> is <c>embedding</c>), when
/// that is a valid name, so that inserting a layer elsewhere does not rename a tapped one; otherwise the kind's short name
/// plus its index counting from 0 after Input (<c>conv0</c>, <c>relu1</c>, <c>linear4</c>). A Residual's inner layers are
/// prefixed with the Residual's name (<c>residual3_linear0</c>, <c>block_fc</c>).
/// </summary>
public static class LayerNames
{
    /// <summary>The name of <paramref name="layer"/>, at <paramref name="index"/> (0 = first layer after Input).</summary>
    public static string Of(LayerSpec layer, int index, string? parent = null)
    {
        string? own = layer.Name ?? (IsValid(layer.Tap) ? layer.Tap : null);
        return own is null ? Of(layer.Kind, index, parent) : (parent is null ? string.Empty : parent + "_") + own;
    }

    /// <summary>The positional name of a layer of <paramref name="kind"/> at <paramref name="index"/> (0 = first layer after Input).</summary>
    public static string Of(LayerKind kind, int index, string? parent = null)
        => (parent is null ? string.Empty : parent + "_") + ShortName(kind) + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="name"/> can be declared with <c>.Named</c>: an ASCII letter or underscore, then letters,
    /// digits and underscores — a C# identifier and a PyTorch attribute name (no dot, which PyTorch reserves for nesting).
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        for (int i = 0; i < name!.Length; i++)
        {
            char c = name[i];
            bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) return false;
        }
        return true;
    }

    /// <summary>The kind's short name, a valid C# identifier start.</summary>
    public static string ShortName(LayerKind kind) => kind switch
    {
        LayerKind.Conv1d => "conv1d",
        LayerKind.Conv2d => "conv",
        LayerKind.MaxPool2d => "maxpool",
        LayerKind.AvgPool2d => "avgpool",
        LayerKind.LeakyReLU => "leakyrelu",
        LayerKind.BatchNorm1d => "batchnorm1d",
        LayerKind.BatchNorm2d => "batchnorm",
        LayerKind.RangeNormalize => "rangenorm",
        LayerKind.MultiheadAttention => "attention",
        LayerKind.TransformerEncoderLayer => "encoder",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
