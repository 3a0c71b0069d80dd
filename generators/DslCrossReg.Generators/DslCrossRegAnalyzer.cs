using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using DslCrossReg.Generators.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DslCrossReg.Generators;

/// <summary>
/// Reports every DCR rule about the user's declarations, as they are typed: editors run analyzers on the open file
/// after each edit, and do not show a source generator's diagnostics. It reads each <c>[Network]</c> and system
/// declaration with the generators' own parsers (the same rules, one implementation) and reports at locations in
/// the user's file, so <c>#pragma warning</c>, <c>.editorconfig</c> severities and <c>NoWarn</c> apply. The
/// generators report nothing: each diagnostic is reported once, here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DslCrossRegAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        // The placeholders and modules the generators wrote are not the user's code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.ClassDeclaration);
        context.RegisterSymbolAction(AnalyzeCrossTermPlacement, SymbolKind.Method);
    }

    /// <summary>A <c>[CrossTerm]</c> method outside a system is never called: say so (a system's own are read with it).</summary>
    private static void AnalyzeCrossTermPlacement(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (CustomTermReader.Attribute(method) is not { } attribute) return;
        if (method.ContainingType is not { } type || CustomTermReader.IsSystem(type)) return;
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations.FirstOrDefault();
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CrossTermOutsideSystem, location, method.Name, type.Name));
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var declaration = (ClassDeclarationSyntax)context.Node;
        if (declaration.AttributeLists.Count == 0) return;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type) return;
        var attributes = type.GetAttributes();

        var network = AppliedHere(attributes, declaration, NetworkGenerator.NetworkAttributeName);
        if (network.Length > 0)
        {
            var parsed = NetworkParser.Parse(Context(context, type, network), context.CancellationToken);
            Report(context, parsed.Diagnostics);
            if (parsed.Value is { } model) ReportOnnxExports(context, declaration, type, model);
        }

        // As the system generator reads them: from the [CrossLoss] attributes, else from [OutputNorm], else from
        // [TrainingSystem].
        var system = SystemGenerator.GoverningAttribute(type) is { } governing ? AppliedHere(attributes, declaration, governing) : ImmutableArray<AttributeData>.Empty;
        if (system.Length > 0)
            Report(context, SystemParser.Parse(Context(context, type, system), context.CancellationToken).Diagnostics);
    }

    /// <summary>
    /// DCR0047: a call in this class to <c>OnnxExport.Save</c> or <c>OnnxExport.ToBytes</c> with the class's own Layer
    /// member, when a layer of that network has no ONNX export (the call could only throw).
    /// </summary>
    private static void ReportOnnxExports(SyntaxNodeAnalysisContext context, ClassDeclarationSyntax declaration, INamedTypeSymbol type, NetworkModel model)
    {
        var unsupported = DslCrossReg.Shapes.OnnxSupport.UnexportableDescribed(model.Layers.Select(l => l.Spec).ToList());
        if (unsupported.Count == 0) return;
        foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method) continue;
            if (method.Name is not ("Save" or "ToBytes") || method.ContainingType is not { Name: "OnnxExport" } exporter
                || exporter.ContainingNamespace?.ToDisplayString() != "DslCrossReg") continue;
            var arguments = invocation.ArgumentList.Arguments;
            var architecture = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "architecture")
                ?? (arguments.Count > 1 && arguments[1].NameColon is null ? arguments[1] : null);
            if (architecture is null) continue;
            var member = context.SemanticModel.GetSymbolInfo(architecture.Expression, context.CancellationToken).Symbol;
            if (member is not (IPropertySymbol or IFieldSymbol) || member.Name != model.Architecture
                || !SymbolEqualityComparer.Default.Equals(member.ContainingType, type)) continue;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OnnxUnsupportedLayer, invocation.GetLocation(),
                DslCrossReg.Shapes.OnnxSupport.Refusal(model.ClassName, unsupported), method.Name));
        }
    }

    private static DeclarationContext Context(SyntaxNodeAnalysisContext context, INamedTypeSymbol type, ImmutableArray<AttributeData> attributes)
        => new(context.Node, type, context.SemanticModel, attributes);

    /// <summary>The attributes of class <paramref name="name"/> written on this part of the class (as the generators are called per part).</summary>
    private static ImmutableArray<AttributeData> AppliedHere(ImmutableArray<AttributeData> attributes, ClassDeclarationSyntax declaration, string name)
    {
        ImmutableArray<AttributeData>.Builder? here = null;
        foreach (var attribute in attributes)
        {
            if (!MetadataName.Is(attribute, name) || attribute.ApplicationSyntaxReference is not { } reference) continue;
            if (reference.SyntaxTree != declaration.SyntaxTree || !declaration.AttributeLists.Any(l => l.Span.Contains(reference.Span))) continue;
            (here ??= ImmutableArray.CreateBuilder<AttributeData>()).Add(attribute);
        }
        return here?.ToImmutable() ?? ImmutableArray<AttributeData>.Empty;
    }

    private static void Report(SyntaxNodeAnalysisContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
            context.ReportDiagnostic(diagnostic.ToDiagnostic(Tree(context, diagnostic.Location)));
    }

    /// <summary>The file a location was recorded in: the declaration's own, or another part's.</summary>
    private static SyntaxTree? Tree(SyntaxNodeAnalysisContext context, SourceLocation? location)
    {
        if (location is null) return null;
        var own = context.Node.SyntaxTree;
        if (own.FilePath == location.FilePath) return own;
        foreach (var tree in context.Compilation.SyntaxTrees)
            if (tree.FilePath == location.FilePath) return tree;
        return null;
    }
}
