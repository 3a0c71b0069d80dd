using System.Collections.Generic;
using System.Globalization;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// What the DCR0006 code fix needs to rewrite a checked <c>Linear(in, out)</c> whose <c>in</c> is wrong: the width
/// that really arrives at that layer, at the top level or inside (nested) Residual blocks.
/// </summary>
internal static class CheckedLinearFixData
{
    public static EquatableArray<DiagnosticProperty> For(ShapeError error, IReadOnlyList<LayerSpec> pipeline, ShapeInference inference)
    {
        if (error.Kind != ShapeErrorKind.ShapeMismatch || error.Path.Count == 0 || error.Path[0] < 1) return default;

        // Shapes[i - 1] is what pipeline element i receives; inside a Residual, replay its inner layers up to the index.
        int top = error.Path[0];
        if (top >= pipeline.Count || top - 1 >= inference.Shapes.Count) return default;
        var layer = pipeline[top];
        var received = inference.Shapes[top - 1];
        for (int depth = 1; depth < error.Path.Count; depth++)
        {
            int index = error.Path[depth];
            if (index >= layer.Inner.Count) return default;
            for (int j = 0; j < index; j++)
            {
                if (ShapeRules.TryApply(layer.Inner[j], received, out var next) is not null || next is null) return default;
                received = next;
            }
            layer = layer.Inner[index];
        }

        if (layer.InFeatures is not int declared || received.ElementType != ElementType.Float32 || declared == received.Last)
            return default;
        return new[]
        {
            new DiagnosticProperty(DiagnosticProperties.InferredInFeatures, received.Last.ToString(CultureInfo.InvariantCulture)),
        }.ToEquatableArray();
    }
}
