using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The placeholder of a network whose declaration has an error: every tap it declares, and the shapes the pipeline
/// still determines past a broken layer (see <see cref="Apply"/>).
/// </summary>
internal static class NetworkShells
{
    public static NetworkShell For(INamedTypeSymbol network, IReadOnlyList<LayerSpec>? specs, bool module, IEnumerable<DiagnosticInfo> diagnostics, System.Threading.CancellationToken cancellationToken)
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
            TensorShape lastKnown = input;
            long count = 0;
            bool counted = true;
            for (int i = 1; i < specs.Count; i++)
            {
                shape = Apply(specs[i], shape, lastKnown, ref count, ref counted);
                if (shape is not null) lastKnown = shape;
                Tap(specs[i], shape);
            }
            output = specs.Count > 1 ? shape : null;
            parameters = output is not null && counted ? count : null;
        }
        else if (specs is not null)
        {
            foreach (var spec in specs) Tap(spec, null);
        }
        bool simple = network.ContainingType is null && !network.IsGenericType;
        return new NetworkShell(
            NetworkParser.Namespace(network),
            network.Name,
            simple ? NetworkParser.HintName(network) : NestedHintName(network),
            ShellReason.Of(network.Name, diagnostics),
            module,
            input,
            output,
            parameters,
            taps.ToEquatableArray(),
            (SystemShells.ContainingTypes(network, cancellationToken) ?? new List<string>()).ToEquatableArray(),
            SystemShells.TypeParameters(network),
            network.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
    }

    /// <summary>
    /// The file name of a nested or generic network's placeholder, as metadata names them (<c>Demo.Outer+Inner</c>,
    /// <c>Demo.Encoder`1</c>): no top-level class's file can have it.
    /// </summary>
    private static string NestedHintName(INamedTypeSymbol network)
    {
        static string Metadata(INamedTypeSymbol type)
            => type.Arity > 0 ? type.Name + "`" + type.Arity.ToString(System.Globalization.CultureInfo.InvariantCulture) : type.Name;
        string name = Metadata(network);
        for (var outer = network.ContainingType; outer is not null; outer = outer.ContainingType)
            name = Metadata(outer) + "+" + name;
        return (NetworkParser.Namespace(network) is { } ns ? ns + "." : string.Empty) + name + ".g.cs";
    }

    /// <summary>
    /// Whether the network generator writes a type for <paramref name="network"/>, its module or a placeholder: the
    /// rule <see cref="NetworkParser"/> applies (a partial class, nested only in partial types), for a system member.
    /// </summary>
    public static bool Written(INamedTypeSymbol network, System.Threading.CancellationToken cancellationToken)
        => NamesToWriteBack.AreValidIdentifiers(network)
           && SystemShells.ContainingTypes(network, cancellationToken) is not null
           && network.DeclaringSyntaxReferences
               .Where(r => !GeneratedTrees.IsOurs(r.SyntaxTree))
               .All(r => r.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax c
                         && c.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword));

    /// <summary>
    /// The shape after <paramref name="spec"/>: the rules' own when they hold; else the shape the layer's own arguments
    /// fix (a checked <c>Linear(in, out)</c> as if it received <c>in</c>, any <c>Linear(out)</c> gives the last known
    /// shape with <c>out</c> features, a layer that keeps the shape keeps it); else unknown. The parameter count stays
    /// known only through layers whose input is known or declared.
    /// </summary>
    private static TensorShape? Apply(LayerSpec spec, TensorShape? shape, TensorShape lastKnown, ref long count, ref bool counted)
    {
        // A user's module's parameters are its own: the network's count cannot be known at compile time.
        if (spec.ContainsModule) counted = false;
        if (shape is not null && ShapeRules.TryApply(spec, shape, out var output) is null && output is not null)
        {
            count += ShapeRules.ParameterCount(spec, shape);
            return output;
        }
        var basis = shape ?? lastKnown;
        if (spec.Kind == LayerKind.Linear && spec.InFeatures is int declared && declared > 0 && basis.Rank > 0)
        {
            var assumed = basis.With(ShapeRules.Replace(basis.Dims, basis.Rank - 1, declared));
            if (ShapeRules.TryApply(spec, assumed, out var recovered) is null && recovered is not null)
            {
                count += ShapeRules.ParameterCount(spec, assumed);
                return recovered;
            }
        }
        counted = false;
        // A Module stage declares its output whatever it receives.
        if (spec.Kind == LayerKind.Module && ShapeRules.TryApply(spec, basis, out var declaredOutput) is null) return declaredOutput;
        if (spec.Kind == LayerKind.Linear && spec.Out > 0 && basis.Rank > 0) return basis.With(ShapeRules.Replace(basis.Dims, basis.Rank - 1, spec.Out));
        return shape is not null && KeepsShape(spec.Kind) ? shape : null;
    }

    private static bool KeepsShape(LayerKind kind) => kind is LayerKind.ReLU or LayerKind.GELU or LayerKind.Tanh or LayerKind.Sigmoid
        or LayerKind.LeakyReLU or LayerKind.Dropout or LayerKind.LayerNorm or LayerKind.BatchNorm1d or LayerKind.BatchNorm2d
        or LayerKind.RangeNormalize or LayerKind.Standardize or LayerKind.MultiheadAttention or LayerKind.TransformerEncoderLayer;
}
