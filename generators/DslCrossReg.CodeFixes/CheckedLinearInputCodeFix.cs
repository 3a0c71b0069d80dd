using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DslCrossReg.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DslCrossReg.CodeFixes;

/// <summary>
/// DCR0006 on a checked <c>Linear(in, out)</c>: replaces <c>in</c> with the width that really arrives there, which
/// the generator passes in the diagnostic's <see cref="DiagnosticProperties.InferredInFeatures"/> property.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckedLinearInputCodeFix)), Shared]
public sealed class CheckedLinearInputCodeFix : CodeFixProvider
{
    private const string InFeaturesParameter = "inFeatures";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ShapeMismatch);

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
            // Only a checked Linear's mismatch carries the property; every other DCR0006 has no one-edit fix.
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.InferredInFeatures, out var text)
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int inferred)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || InFeaturesArgument(model, invocation, context.CancellationToken) is not { } argument)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use the inferred input size " + inferred.ToString(CultureInfo.InvariantCulture),
                    cancellationToken => ReplaceAsync(context.Document, argument, inferred, cancellationToken),
                    equivalenceKey: nameof(CheckedLinearInputCodeFix)),
                diagnostic);
        }
    }

    private static ArgumentSyntax? InFeaturesArgument(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        // Bound by parameter, so that a named, out-of-order 'Linear(outFeatures: 10, inFeatures: 100)' is fixed too.
        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation) return null;
        return operation.Arguments
            .FirstOrDefault(a => a.Parameter?.Name == InFeaturesParameter && a.ArgumentKind == ArgumentKind.Explicit)
            ?.Syntax as ArgumentSyntax;
    }

    private static async Task<Document> ReplaceAsync(Document document, ArgumentSyntax argument, int inferred, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(inferred))
            .WithTriviaFrom(argument.Expression);
        return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, literal));
    }
}
