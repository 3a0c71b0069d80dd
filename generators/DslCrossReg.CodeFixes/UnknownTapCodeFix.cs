using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DslCrossReg.CodeFixes.Taps;
using DslCrossReg.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.CodeFixes;

/// <summary>
/// DCR0018: replaces an unknown tap name in a <c>[CrossLoss]</c> term with the closest tap that the system's member
/// networks declare (one every member has, when there is one), read from the networks' own declarations.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnknownTapCodeFix)), Shared]
public sealed class UnknownTapCodeFix : CodeFixProvider
{
    private const string NetworkAttributeName = "DslCrossReg.NetworkAttribute";
    private const string DiscriminatorAttributeName = "DslCrossReg.DiscriminatorAttribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnknownTap);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax tapArgument
                || model.GetConstantValue(tapArgument, context.CancellationToken).Value is not string unknown
                || tapArgument.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } system
                || TapNameDistance.Closest(unknown, Candidates(system, model.Compilation, context.CancellationToken)) is not { } closest)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use tap '" + closest + "'",
                    cancellationToken => ReplaceAsync(context.Document, tapArgument, closest, cancellationToken),
                    equivalenceKey: nameof(UnknownTapCodeFix) + "." + closest),
                diagnostic);
        }
    }

    /// <summary>The taps every member network declares, or, when they share none, any member's taps.</summary>
    private static IReadOnlyList<string> Candidates(INamedTypeSymbol system, Compilation compilation, CancellationToken cancellationToken)
    {
        var perMember = system.GetMembers().OfType<IPropertySymbol>()
            .Where(p => !p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DiscriminatorAttributeName))
            .Select(p => p.Type).OfType<INamedTypeSymbol>()
            .Where(t => t.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttributeName))
            .Select(t => DeclaredTaps.Of(t, compilation, cancellationToken))
            .ToList();
        if (perMember.Count == 0) return new string[0];
        var shared = perMember[0].Where(tap => perMember.All(taps => taps.Contains(tap))).ToList();
        return shared.Count > 0 ? shared : perMember.SelectMany(taps => taps).Distinct().ToList();
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax tapArgument, string tap, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(tap))
            .WithTriviaFrom(tapArgument);
        return document.WithSyntaxRoot(root.ReplaceNode(tapArgument, literal));
    }
}
