using System.Collections.Generic;
using System.Linq;

namespace DslCrossReg.Shapes;

/// <summary>
/// What decides a network's parameter tensors, as text compared for equality. <see cref="Structure"/> is the input shape
/// and every layer as <see cref="LayerSpec.Display"/> writes it (without names, but for a Residual's inner layers, which
/// it writes with their declared ones): what decides the tensors' shapes and their order.
/// <see cref="Of"/> adds each layer's own name where it has one (<see cref="LayerNames"/>: declared with <c>.Named</c>,
/// else its tap's), written <c>.Named("...")</c> whichever way it was given, since that name prefixes its tensors: two
/// networks have parameters that pair one to one by name exactly when their layouts are equal.
/// </summary>
internal static class ParameterLayouts
{
    /// <summary><paramref name="input"/>'s shape, then each of <paramref name="layers"/> (Input excluded) as written, without names.</summary>
    public static string Structure(TensorShape input, IReadOnlyList<LayerSpec> layers)
        => string.Join(" >> ", new[] { input.ToString() }.Concat(layers.Select(l => l.Display())));

    /// <summary>
    /// <see cref="Structure"/> with the names of the layers that have their own, at any depth:
    /// <c>[*, 4] >> Linear(3).Named("hidden") >> ReLU >> Linear(2)</c>.
    /// </summary>
    public static string Of(TensorShape input, IReadOnlyList<LayerSpec> layers)
        => string.Join(" >> ", new[] { input.ToString() }.Concat(Written(layers, parent: null)));

    private static IEnumerable<string> Written(IReadOnlyList<LayerSpec> layers, string? parent)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            string name = LayerNames.Of(layer, i, parent);
            string written = layer.Kind == LayerKind.Residual ? "Residual(" + string.Join(" >> ", Written(layer.Inner, name)) + ")" : layer.Display();
            // A layer without a name of its own is named by its kind and position, which the structure already fixes.
            string prefix = parent is null ? string.Empty : parent + "_";
            yield return name == LayerNames.Of(layer.Kind, i, parent) ? written : written + ".Named(\"" + name.Substring(prefix.Length) + "\")";
        }
    }
}
