using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// What the generated class adds to the rules <see cref="ShapeRules"/> already holds every layer name to (valid,
/// unique): a layer's name (<c>.Named("fc1")</c> or positional, <c>linear4</c>) becomes a field of the generated
/// class, so it must not be a C# keyword nor a name the class already has — one the generator writes, one of the
/// user's part or one of TorchSharp's <c>nn.Module</c>. (forward reads the fields through <c>this.</c>, so its locals
/// may share their names.)
/// </summary>
internal static class LayerFieldNames
{
    private const string ModuleTypeName = "TorchSharp.torch+nn+Module`2";

    /// <summary>
    /// The first layer whose name cannot be a field of <paramref name="network"/>'s generated class, with its path
    /// (as <see cref="ShapeError.Path"/> gives one) and the reason, or null.
    /// </summary>
    public static (LayerModel Layer, int[] Path, string Reason)? FirstClash(INamedTypeSymbol network, Compilation compilation, EquatableArray<LayerModel> layers,
        IEnumerable<TapModel> taps)
    {
        var all = Flatten(layers, new int[0]).ToList();
        var generated = new HashSet<string>(Emit.NetworkEmitter.MemberNames(network.Name, taps.Select(t => t.PropertyName),
            all.Select(l => l.Layer).Where(l => l.Spec.Kind == LayerKind.Module)), StringComparer.Ordinal);

        HashSet<string>? userMembers = null, moduleMembers = null;
        foreach (var (layer, path) in all.Where(l => l.Layer.Spec.Kind != LayerKind.Residual))
        {
            string name = layer.Name;
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
                return (layer, path, "is a C# keyword");
            if (generated.Contains(name))
                return (layer, path, "is a member the generator writes in " + network.Name);
            userMembers ??= UserMembers(network);
            if (userMembers.Contains(name))
                return (layer, path, "is already a member of " + network.Name);
            moduleMembers ??= ModuleMembers(compilation);
            if (moduleMembers.Contains(name))
                return (layer, path, "is a member of TorchSharp's nn.Module, the generated class's base");
        }
        return null;
    }

    private static HashSet<string> UserMembers(INamedTypeSymbol network)
        => new(network.GetMembers()
            .Where(m => !m.IsImplicitlyDeclared && m.DeclaringSyntaxReferences.Any(r => !GeneratedTrees.IsOurs(r.SyntaxTree)))
            .Select(m => m.Name), StringComparer.Ordinal);

    private static HashSet<string> ModuleMembers(Compilation compilation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var type = compilation.GetTypeByMetadataName(ModuleTypeName); type is not null; type = type.BaseType)
            foreach (var member in type.GetMembers())
                if (member.DeclaredAccessibility != Accessibility.Private)
                    names.Add(member.Name);
        return names;
    }

    // Every layer with its path: top-level layers sit after Input (index + 1), inner ones at their own index.
    private static IEnumerable<(LayerModel Layer, int[] Path)> Flatten(EquatableArray<LayerModel> layers, int[] outer)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            var path = outer.Concat(new[] { outer.Length == 0 ? i + 1 : i }).ToArray();
            yield return (layers[i], path);
            foreach (var inner in Flatten(layers[i].Inner, path)) yield return inner;
        }
    }
}
