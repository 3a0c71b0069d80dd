using System.Globalization;

namespace DslCrossReg.Shapes;

/// <summary>
/// The stable, readable module name of every layer — the field name in generated code, the submodule name in the
/// interpreter, the key prefix in checkpoints: the kind's short name plus its index counting from 0 after Input
/// (<c>conv0</c>, <c>relu1</c>, <c>linear4</c>). A Residual's inner layers are prefixed with the Residual's name
/// (<c>residual3_linear0</c>).
/// </summary>
public static class LayerNames
{
    /// <summary>The name of the layer at <paramref name="index"/> (0 = first layer after Input).</summary>
    public static string Of(LayerKind kind, int index, string? parent = null)
        => (parent is null ? string.Empty : parent + "_") + ShortName(kind) + index.ToString(CultureInfo.InvariantCulture);

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
