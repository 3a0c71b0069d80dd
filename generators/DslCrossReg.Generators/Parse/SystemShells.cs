using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The placeholder of a system whose declaration has an error: the Batch and Outputs records of the members it
/// declares (as far as they can be read), and an implementation of every partial property the user declared and did
/// not implement, whatever is wrong with it, so that the compiler adds no CS9248 of its own.
/// </summary>
internal static class SystemShells
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static SystemShell For(INamedTypeSymbol system, DeclarationContext context, IEnumerable<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var members = new List<ShellMember>();
        var properties = new List<ShellProperty>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        // A name declared twice is the compiler's CS0102 already; implementing either would add errors of its own.
        var declaredTwice = new HashSet<string>(system.GetMembers().GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key), StringComparer.Ordinal);
        foreach (var property in system.GetMembers().OfType<IPropertySymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!declaredTwice.Contains(property.Name) && Unimplemented(property, cancellationToken) is { } unimplemented) properties.Add(unimplemented);

            var memberAttribute = SystemParser.Attribute(property, SystemParser.MemberAttributeName);
            var type = property.Type as INamedTypeSymbol;
            bool isNetwork = type is not null && type.TypeKind != TypeKind.Error && type.GetAttributes().Any(a => MetadataName.Is(a, NetworkGenerator.NetworkAttributeName));
            if (SystemParser.Attribute(property, SystemParser.DiscriminatorAttributeName) is not null || (memberAttribute is null && !isNetwork)) continue;
            if (!SyntaxFacts.IsValidIdentifier(property.Name) || !names.Add(property.Name)) continue;
            var task = (TaskLoss)SystemParser.Named(memberAttribute, "Task", 0);
            // A task that is not a TaskLoss value is still a task: its target stays in the Batch the user's code builds.
            bool hasTarget = task != TaskLoss.None && !SystemParser.NamedBool(memberAttribute, "Frozen");
            members.Add(new ShellMember(property.Name, hasTarget, isNetwork && NetworkShells.Written(type!, cancellationToken) ? type!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".Output" : null));
        }

        bool pairLabel = system.GetAttributes().Any(a => MetadataName.Is(a, SystemGenerator.CrossLossAttributeName)
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is int method && method == (int)CrossMethod.Contrastive
            && (CrossForm)SystemParser.Named(a, "Form", 0) is CrossForm.Basic or CrossForm.Margin or CrossForm.Weighted);
        var shell = new SystemShell(
            NetworkParser.Namespace(system),
            system.Name,
            SystemParser.HintName(system),
            ShellReason.Of(system.Name, diagnostics, BrokenMember(system, context.SemanticModel.Compilation, cancellationToken)),
            members.ToEquatableArray(),
            properties.ToEquatableArray(),
            SystemParser.Attribute(system, SystemParser.SharedInputAttributeName) is not null,
            pairLabel,
            (ContainingTypes(system, cancellationToken) ?? new List<string>()).ToEquatableArray(),
            TypeParameters(system),
            OutputNorm: SystemParser.Attribute(system, SystemParser.OutputNormAttributeName) is not null);
        // Members whose names meet the placeholder's own (DCR0016: LeftTarget beside Left's target, a member called
        // Step): the records and methods would not compile, so only the properties are implemented.
        return NamesMeet(system, shell) ? shell with { PropertiesOnly = true } : shell;
    }

    private static bool NamesMeet(INamedTypeSymbol system, SystemShell shell)
    {
        if (system.GetMembers().OfType<IPropertySymbol>().Any(p => SystemNames.ClassMembers.Contains(p.Name))) return true;
        var batch = (shell.SharedInput ? new[] { "Input" } : shell.Members.Select(m => m.Name))
            .Concat(shell.Members.Where(m => m.HasTarget).Select(m => m.Name + "Target"))
            .Concat(shell.PairLabel ? new[] { "PairLabel" } : Array.Empty<string>()).ToList();
        var outputs = shell.Members.Where(m => m.OutputType is not null).Select(m => m.Name)
            .Concat(shell.OutputNorm ? shell.Members.Where(m => m.OutputType is not null).Select(m => SystemNames.NormalizedProperty(m.Name)) : Array.Empty<string>()).ToList();
        return batch.Distinct(StringComparer.Ordinal).Count() != batch.Count || outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Count;
    }

    /// <summary>
    /// The headers of the types <paramref name="type"/> is nested in, outermost first (<c>partial class Outer</c>), or
    /// null when one of them is not partial, so that no part can be added to it.
    /// </summary>
    internal static List<string>? ContainingTypes(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        // Half-typed type parameter lists (`class Views<>`) have parameters without names: nothing can be written back.
        for (var t = type; t is not null; t = t.ContainingType)
            if (!t.TypeParameters.All(p => SyntaxFacts.IsValidIdentifier(p.Name)) || !SyntaxFacts.IsValidIdentifier(t.Name)) return null;
        var headers = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not TypeDeclarationSyntax syntax
                || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.ContainsDiagnostics)
                return null;
            string keyword = syntax is RecordDeclarationSyntax record
                ? "record" + (record.ClassOrStructKeyword.IsKind(SyntaxKind.None) ? string.Empty : " " + record.ClassOrStructKeyword.Text)
                : syntax.Keyword.Text;
            headers.Insert(0, "partial " + keyword + " " + syntax.Identifier.Text + TypeParameters(outer));
        }
        return headers;
    }

    internal static string TypeParameters(INamedTypeSymbol type)
        => type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";

    /// <summary>"its member 'A' (Encoder) has an error of its own" for the first member whose network cannot be read, or null.</summary>
    private static string? BrokenMember(INamedTypeSymbol system, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var property in system.GetMembers().OfType<IPropertySymbol>())
            if (property.Type is INamedTypeSymbol { TypeKind: not TypeKind.Error } type
                && type.GetAttributes().Any(a => MetadataName.Is(a, NetworkGenerator.NetworkAttributeName))
                && NetworkParser.ReadShapes(type, compilation, cancellationToken) is null)
                return "its member '" + property.Name + "' (" + type.Name + ") has an error of its own";
        return null;
    }

    /// <summary>A partial property the user declared and nobody implemented yet, as its implementation must repeat it.</summary>
    private static ShellProperty? Unimplemented(IPropertySymbol property, CancellationToken cancellationToken)
    {
        if (!property.IsPartialDefinition || property.Type.TypeKind == TypeKind.Error || property.IsIndexer) return null;
        if (property.PartialImplementationPart is { } implementation && !GeneratedTrees.IsOurs(implementation.Locations.FirstOrDefault()?.SourceTree)) return null;
        if (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { AccessorList: { } accessors } syntax
            || syntax.ContainsDiagnostics || !SyntaxFacts.IsValidIdentifier(property.Name)
            || accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null || a.Keyword.IsMissing))
            return null;
        return new ShellProperty(
            string.Join(" ", syntax.Modifiers.Select(m => m.Text).Distinct()),
            property.Type.ToDisplayString(TypeFormat),
            property.Name,
            accessors.Accessors.Select(a => string.Join(" ", a.Modifiers.Select(m => m.Text).Concat(new[] { a.Keyword.Text }))).ToEquatableArray());
    }
}
