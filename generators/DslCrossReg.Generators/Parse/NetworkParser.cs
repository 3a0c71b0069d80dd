using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Parses one <c>[Network]</c> class into a <see cref="NetworkModel"/> plus diagnostics. Never throws for user
/// input: every problem is a DCR diagnostic or, for code that does not bind yet, silence (the compiler reports it).
/// </summary>
internal static class NetworkParser
{
    private const string LayerTypeName = "DslCrossReg.Layer";
    internal const string LayersTypeName = "DslCrossReg.Layers";

    /// <summary>The network's model, or its placeholder, and its diagnostics.</summary>
    public static Result<NetworkModel> Parse(DeclarationContext context, CancellationToken cancellationToken)
        => GuardedParse.Run<NetworkModel>(context, Parse, cancellationToken);

    private static (NetworkModel? Model, ShellModel? Shell) Parse(DeclarationContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol network || context.TargetNode is not ClassDeclarationSyntax declaration
            || !NamesToWriteBack.AreValidIdentifiers(network) || !PartialDeclarations.IsTheOneToGenerateFrom(context, cancellationToken))
            return (null, null);
        var identifier = SourceLocation.From(declaration.Identifier.GetLocation());
        var compilation = context.SemanticModel.Compilation;
        var layerType = compilation.GetTypeByMetadataName(LayerTypeName);
        var layersType = compilation.GetTypeByMetadataName(LayersTypeName);
        if (layerType is null || layersType is null) return (null, null);

        bool valid = true;
        // A placeholder can be written wherever a part can be added: a partial class, nested only in partial types.
        bool shellable = true;
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkNotPartial, identifier, network.Name));
            valid = shellable = false;
        }
        if (network.ContainingType is not null || network.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedNetworkDeclaration, identifier, network.Name,
                network.ContainingType is not null ? "nested in '" + network.ContainingType.Name + "'" : "generic"));
            valid = false;
            // In partial types, or generic, a placeholder can still be written (without layers).
            shellable = shellable && SystemShells.ContainingTypes(network, cancellationToken) is not null;
        }
        bool module = true;
        if (UserBaseClass(network, context, cancellationToken) is { } written)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkHasBaseClass,
                SourceLocation.From(written.Syntax) ?? identifier, network.Name, written.Type.ToDisplayString()));
            valid = module = false;
        }

        var pipeline = ReadPipeline(network, compilation, layerType, layersType, identifier, diagnostics, cancellationToken, out var readSpecs);
        if (pipeline is null) return (null, shellable ? NetworkShells.For(network, readSpecs, module, diagnostics, cancellationToken) : null);
        var (calls, specs, inference) = pipeline.Value;
        PipelinesRead(compilation).TryAdd(network, pipeline.Value);

        var layers = Layers(specs.Skip(1).ToList(), inference.Input, parent: null);
        // Tap locals share forward's scope with its own locals: a tap named 'inner' or 'x' must not clash with a
        // Residual's inner variable or the running value. (Layer fields are read through 'this.', so a local may
        // share a field's name, as a tapped layer's does: it is named after its tap.)
        var takenLocals = new HashSet<string> { "x", "input" };
        for (int depth = 1; depth <= ResidualDepth(layers); depth++)
            takenLocals.Add(depth == 1 ? "inner" : "inner" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var taps = new List<TapModel>();
        foreach (var tap in inference.Taps)
        {
            string property = PropertyName(tap.Key);
            string? clash = TapClash(property, taps.Select(t => t.PropertyName), network.Name);
            if (clash is not null)
            {
                int index = specs.FindIndex(s => s.Tap == tap.Key);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateTap, calls[index].Location, network.Name,
                    "tap name '" + tap.Key + "' becomes the Output property '" + property + "', which " + clash));
                return (null, shellable ? NetworkShells.For(network, specs, module, diagnostics, cancellationToken) : null);
            }
            string local = LocalName(property);
            while (!takenLocals.Add(local)) local += "Tap";
            taps.Add(new TapModel(tap.Key, property, local, tap.Value));
        }

        if (LayerFieldNames.FirstClash(network, compilation, layers, taps) is var (clashing, path, reason))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerName, LocationOf(path, calls, identifier), network.Name,
                "the layer name '" + clashing.Name + "' " + reason + "; name the layer otherwise with .Named(\"…\")"));
            return (null, shellable ? NetworkShells.For(network, specs, module, diagnostics, cancellationToken) : null);
        }

        if (!valid) return (null, shellable ? NetworkShells.For(network, specs, module, diagnostics, cancellationToken) : null);

        long? parameters = 0;
        for (int i = 1; i < specs.Count; i++) parameters += ShapeRules.ParameterCount(specs[i], inference.Shapes[i - 1]);
        if (specs.Any(s => s.ContainsModule)) parameters = null;

        string? ns = Namespace(network);
        return (new NetworkModel(
            ns,
            network.Name,
            Accessibility(network.DeclaredAccessibility),
            HintName(network),
            ArchitectureLocator.LayerMembers(network, layerType)[0].Name,
            inference.Input,
            inference.Output,
            layers,
            taps.ToEquatableArray(),
            parameters), null);
    }

    internal static string? Namespace(INamedTypeSymbol type)
        => type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();

    internal static string HintName(INamedTypeSymbol network)
        => (Namespace(network) is { } ns ? ns + "." : string.Empty) + network.Name + ".g.cs";

    /// <summary>
    /// Why the tap property <paramref name="property"/> cannot be written next to the ones already <paramref name="taken"/>,
    /// or null when it can.
    /// </summary>
    internal static string? TapClash(string property, IEnumerable<string> taken, string network)
        => property == "Result" ? "is the final output"
            : taken.Contains(property) ? "another tap already uses"
            : ReservedPropertyNames.Contains(property) || property + "Shape" == network || property + "Size" == network
                ? "clashes with a member the generator emits (" + property + ", " + property + "Shape, " + property + "Size)"
            : null;

    /// <summary>
    /// The class a part the user wrote names as the network's base (the generated part names the module, which is
    /// not the user's), with the syntax that names it; null when the user wrote none.
    /// </summary>
    private static (TypeSyntax Syntax, ITypeSymbol Type)? UserBaseClass(INamedTypeSymbol network, DeclarationContext context, CancellationToken cancellationToken)
    {
        if (network.BaseType is not { SpecialType: not SpecialType.System_Object, TypeKind: not TypeKind.Error }) return null;
        foreach (var reference in network.DeclaringSyntaxReferences)
        {
            if (GeneratedTrees.IsOurs(reference.SyntaxTree)) continue;
            if (reference.GetSyntax(cancellationToken) is not ClassDeclarationSyntax { BaseList: { } bases }) continue;
            var model = reference.SyntaxTree == context.SemanticModel.SyntaxTree
                ? context.SemanticModel
                : context.SemanticModel.Compilation.GetSemanticModel(reference.SyntaxTree);
            foreach (var written in bases.Types)
                if (model.GetTypeInfo(written.Type, cancellationToken).Type is { TypeKind: TypeKind.Class, SpecialType: not SpecialType.System_Object } type)
                    return (written.Type, type);
        }
        return null;
    }

    /// <summary>
    /// Reads and shape-checks the pipeline of <paramref name="network"/>: its DSL calls, their specs and the inferred
    /// shapes, or null with the reason in <paramref name="diagnostics"/> (or left to the compiler).
    /// </summary>
    private static (IReadOnlyList<DslCall> Calls, List<LayerSpec> Specs, ShapeInference Inference)? ReadPipeline(
        INamedTypeSymbol network,
        Compilation compilation,
        INamedTypeSymbol layerType,
        INamedTypeSymbol layersType,
        SourceLocation? identifier,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken,
        out List<LayerSpec>? readSpecs)
    {
        readSpecs = null;
        var members = ArchitectureLocator.LayerMembers(network, layerType);
        if (members.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingArchitecture, identifier, network.Name));
            return null;
        }
        if (members.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AmbiguousArchitecture,
                SourceLocation.From(members[1].Locations.FirstOrDefault()) ?? identifier,
                network.Name, string.Join(", ", members.Select(m => m.Name))));
            return null;
        }

        var expression = ArchitectureLocator.DefiningExpression(members[0], cancellationToken);
        if (expression is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingArchitecture,
                SourceLocation.From(members[0].Locations.FirstOrDefault()) ?? identifier, network.Name));
            return null;
        }

        // Syntax alone reads the common case without binding; anything it is not sure of is bound.
        var calls = SyntaxPipelineReader.TryRead(expression, network, layerType, layersType) ?? new PipelineReader(network.Name, compilation, layerType, layersType, diagnostics, cancellationToken).Read(expression);
        if (calls is null) return null;

        var specs = new List<LayerSpec>();
        foreach (var call in calls)
        {
            var spec = LayerSpecReader.Read(call, diagnostics);
            if (spec is null) return null;
            specs.Add(spec);
        }
        readSpecs = specs;

        var inference = ShapeRules.Infer(specs);
        if (inference.Error is { } error)
        {
            diagnostics.Add(DiagnosticInfo.Create(DescriptorFor(error.Kind),
                LocationOf(error.Path, calls.Value, SourceLocation.From(expression)), network.Name, error.Message)
                with { Properties = CheckedLinearFixData.For(error, specs, inference) });
            return null;
        }
        return (calls.Value, specs, inference);
    }

    /// <summary>
    /// The shapes of a system member's network, or null when that network is not a valid <c>[Network]</c> (its own
    /// diagnostics are reported where it is declared, not here).
    /// </summary>
    internal static NetworkShapes? ReadShapes(INamedTypeSymbol network, Compilation compilation, CancellationToken cancellationToken)
    {
        var layerType = compilation.GetTypeByMetadataName(LayerTypeName);
        var layersType = compilation.GetTypeByMetadataName(LayersTypeName);
        if (layerType is null || layersType is null) return null;
        if (!network.GetAttributes().Any(a => MetadataName.Is(a, NetworkGenerator.NetworkAttributeName))) return null;
        var cache = PipelinesRead(compilation);
        if (!cache.TryGetValue(network, out var read))
        {
            var pipeline = ReadPipeline(network, compilation, layerType, layersType, null, new List<DiagnosticInfo>(), cancellationToken, out _);
            if (pipeline is null) return null;
            read = pipeline.Value;
            cache.TryAdd(network, read);
        }
        var (_, specs, inference) = read;
        var taps = inference.Taps.Select(t => new TapShape(t.Key, PropertyName(t.Key), t.Value.Dims.ToEquatableArray())).ToEquatableArray();
        return new NetworkShapes(
            inference.Input.ElementType == ElementType.Int64,
            inference.Input.Dims.ToEquatableArray(),
            inference.Output.Dims.ToEquatableArray(),
            taps,
            ParameterLayouts.Structure(inference.Input, specs.Skip(1).ToList()),
            ParameterLayouts.Of(inference.Input, specs.Skip(1).ToList()),
            specs.Select((spec, i) => new StageShape(spec.Kind, spec.Display(), inference.Shapes[i].Dims.ToEquatableArray())).ToEquatableArray(),
            inference.Input.Vocabulary);
    }

    /// <summary>
    /// The pipelines read successfully in a compilation, by network. The system generator needs the shapes of every
    /// member's network, which the network generator has just read for the same compilation (the driver runs the
    /// generators one after the other on one compilation object); without this each network was read twice per run.
    /// Keyed weakly by the compilation, so an entry lives exactly as long as the compilation it describes; only
    /// complete results are stored, and a result depends on nothing but the compilation and the network.
    /// </summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, (IReadOnlyList<DslCall> Calls, List<LayerSpec> Specs, ShapeInference Inference)>> ReadPipelines = new();

    private static ConcurrentDictionary<ISymbol, (IReadOnlyList<DslCall> Calls, List<LayerSpec> Specs, ShapeInference Inference)> PipelinesRead(Compilation compilation)
        => ReadPipelines.GetValue(compilation, static _ => new(SymbolEqualityComparer.Default));

    private static EquatableArray<LayerModel> Layers(IReadOnlyList<LayerSpec> specs, TensorShape input, string? parent)
    {
        var layers = new List<LayerModel>();
        var shape = input;
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            string name = LayerNames.Of(spec, i, parent);
            ShapeRules.TryApply(spec, shape, out var output);
            var inner = spec.Kind == LayerKind.Residual ? Layers(spec.Inner, shape, name) : EquatableArray<LayerModel>.Empty;
            layers.Add(new LayerModel(name, spec, shape, output!, inner));
            shape = output!;
        }
        return layers.ToEquatableArray();
    }

    private static SourceLocation? LocationOf(IReadOnlyList<int> path, IReadOnlyList<DslCall> calls, SourceLocation? fallback)
    {
        SourceLocation? location = fallback;
        IReadOnlyList<DslCall> level = calls;
        foreach (int index in path)
        {
            if (index < 0 || index >= level.Count) break;
            location = level[index].Location ?? location;
            level = level[index].Inner;
        }
        return location;
    }

    private static DiagnosticDescriptor DescriptorFor(ShapeErrorKind kind) => kind switch
    {
        ShapeErrorKind.InvalidName => DiagnosticDescriptors.InvalidLayerName,
        ShapeErrorKind.ShapeMismatch => DiagnosticDescriptors.ShapeMismatch,
        ShapeErrorKind.InvalidParameter => DiagnosticDescriptors.InvalidLayerParameter,
        ShapeErrorKind.DuplicateTap => DiagnosticDescriptors.DuplicateTap,
        ShapeErrorKind.ResidualChangesShape => DiagnosticDescriptors.ResidualChangesShape,
        _ => DiagnosticDescriptors.InvalidPipeline,
    };

    /// <summary><c>embedding</c> → <c>Embedding</c>, <c>left_view-emb</c> → <c>LeftViewEmb</c>.</summary>
    internal static string PropertyName(string tap)
    {
        var builder = new StringBuilder();
        bool upper = true;
        foreach (char c in tap)
        {
            if (!char.IsLetterOrDigit(c)) { upper = true; continue; }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (builder.Length == 0 || char.IsDigit(builder[0])) builder.Insert(0, "Tap");
        return builder.ToString();
    }

    private static string LocalName(string property)
    {
        string local = char.ToLowerInvariant(property[0]) + property.Substring(1);
        return SyntaxFacts.GetKeywordKind(local) != SyntaxKind.None ? "@" + local : local;
    }

    /// <summary>
    /// Tap property names whose property (in the Output record), or whose Shape/Size constant (in the network
    /// class), would collide with what the generator or the C# record already declares: the compiler's error
    /// would point into generated code, so the tap gets a DCR error instead.
    /// </summary>
    private static readonly HashSet<string> ReservedPropertyNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "Output", "Input", "InputTensor",
        "EqualityContract", "Equals", "GetHashCode", "ToString", "Deconstruct", "PrintMembers", "GetType",
        "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    private static int ResidualDepth(EquatableArray<LayerModel> layers)
        => layers.Where(l => l.Spec.Kind == LayerKind.Residual).Select(l => 1 + ResidualDepth(l.Inner)).DefaultIfEmpty(0).Max();

    private static string Accessibility(Accessibility accessibility)
        => accessibility == Microsoft.CodeAnalysis.Accessibility.Public ? "public" : "internal";
}
