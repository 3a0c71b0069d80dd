using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DslCrossReg.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.CodeFixes;

/// <summary>
/// DCR0001 (and DCR0014 when that is its reason): adds <c>partial</c> to a <c>[Network]</c> or <c>[CrossLoss]</c>
/// class so that the generator can add its half.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.NetworkNotPartial, DiagnosticIds.SystemNotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // DCR0014 also covers nested and generic systems, which adding 'partial' does not fix.
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ClassDeclarationSyntax declaration
                || declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Make '" + declaration.Identifier.ValueText + "' partial",
                    cancellationToken => MakePartialAsync(context.Document, declaration, cancellationToken),
                    equivalenceKey: nameof(MakePartialCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> MakePartialAsync(Document document, ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;

        // 'partial' must come right before 'class'; with no modifiers it takes over the keyword's leading trivia
        // (the line break and indentation after the attribute list).
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        ClassDeclarationSyntax fixedDeclaration;
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            fixedDeclaration = declaration
                .WithKeyword(keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }
        else
        {
            fixedDeclaration = declaration.WithModifiers(declaration.Modifiers.Add(partial));
        }
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, fixedDeclaration));
    }
}
