using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The placeholder of a network whose declaration has an error: every tap it declares, and the shapes the pipeline
/// still determines. Past a checked <c>Linear(in, out)</c> that receives the wrong width, the shapes go on as if it
/// received the width it declares (its output is known either way); past any other broken layer they are unknown.
/// </summary>
internal static class NetworkShells
{
    public static NetworkShell For(INamedTypeSymbol network, IReadOnlyList<LayerSpec>? specs, bool module, IEnumerable<DiagnosticInfo> diagnostics)
    {
        TensorShape? input = null, output = null;
        long? parameters = null;
        var taps = new List<ShellTap>();
        void Tap(LayerSpec spec, TensorShape? shape)
        {
            if (spec.Tap is null) return;
            string property = NetworkParser.PropertyName(spec.Tap);
            if (NetworkParser.TapClash(property, taps.Select(t => t.PropertyName), network.Name) is null)
                taps.Add(new ShellTap(spec.Tap, property, shape));
        }

        if (specs is { Count: > 0 } && specs[0].Kind == LayerKind.Input && specs[0].Sizes.Count > 0 && specs[0].Sizes.All(d => d > 0))
        {
            input = new TensorShape(specs[0].InputElementType, specs[0].Sizes);
            TensorShape? shape = input;
            long count = 0;
            for (int i = 1; i < specs.Count; i++)
            {
                shape = shape is null ? null : Apply(specs[i], shape, ref count);
                Tap(specs[i], shape);
            }
            output = specs.Count > 1 ? shape : null;
            parameters = output is null ? null : count;
        }
        else if (specs is not null)
        {
            foreach (var spec in specs) Tap(spec, null);
        }
        return new NetworkShell(
            NetworkParser.Namespace(network),
            network.Name,
            network.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
            NetworkParser.HintName(network),
            ShellReason.Of(network.Name, diagnostics),
            module,
            input,
            output,
            parameters,
            taps.ToEquatableArray());
    }

    private static TensorShape? Apply(LayerSpec spec, TensorShape shape, ref long count)
    {
        if (ShapeRules.TryApply(spec, shape, out var output) is null && output is not null)
        {
            count += ShapeRules.ParameterCount(spec, shape);
            return output;
        }
        if (spec.Kind == LayerKind.Linear && spec.InFeatures is int declared && declared > 0 && shape.Rank > 0)
        {
            var dims = shape.Dims.ToArray();
            dims[dims.Length - 1] = declared;
            var assumed = shape.With(dims);
            if (ShapeRules.TryApply(spec, assumed, out var recovered) is null && recovered is not null)
            {
                count += ShapeRules.ParameterCount(spec, assumed);
                return recovered;
            }
        }
        return null;
    }
}
