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
using Microsoft.CodeAnalysis.Formatting;

namespace DslCrossReg.CodeFixes;

/// <summary>
/// DCR0002: adds the conventional <c>static Layer Architecture =&gt; Input(1) &gt;&gt; Linear(1);</c> as the first member,
/// a valid one-layer network for the user to grow, plus the usings it needs to bind.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddArchitectureCodeFix)), Shared]
public sealed class AddArchitectureCodeFix : CodeFixProvider
{
    private const string MemberName = "Architecture";
    private const string LayerTypeName = "DslCrossReg.Layer";
    private const string LayersTypeName = "DslCrossReg.Layers";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingArchitecture);

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
            // DCR0002 is also reported on a Layer member it cannot read (a block body); a second 'Architecture'
            // would only trade it for CS0102.
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ClassDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } network
                || !network.GetMembers(MemberName).IsEmpty)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add an Architecture to '" + network.Name + "'",
                    cancellationToken => AddArchitectureAsync(context.Document, declaration, cancellationToken),
                    equivalenceKey: nameof(AddArchitectureCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> AddArchitectureAsync(Document document, ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;

        var member = SyntaxFactory.ParseMemberDeclaration("static Layer " + MemberName + " => Input(1) >> Linear(1);")!
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(SyntaxFactory.ElasticMarker)
            .WithAdditionalAnnotations(Formatter.Annotation);
        var newRoot = root.ReplaceNode(declaration, declaration.WithMembers(declaration.Members.Insert(0, member)));

        // The skeleton names Layer, Input and Linear unqualified: add the usings only where they do not bind yet.
        int position = declaration.OpenBraceToken.Span.End;
        bool layerBinds = model.LookupNamespacesAndTypes(position, name: "Layer")
            .Any(symbol => symbol.ToDisplayString() == LayerTypeName);
        bool layersBind = model.LookupSymbols(position, name: "Input")
            .Any(symbol => symbol.ContainingType?.ToDisplayString() == LayersTypeName);
        if (newRoot is CompilationUnitSyntax unit)
        {
            if (!layerBinds)
                unit = unit.AddUsings(Using(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("DslCrossReg"))));
            if (!layersBind)
                unit = unit.AddUsings(Using(SyntaxFactory.UsingDirective(
                    SyntaxFactory.Token(SyntaxKind.StaticKeyword), null, SyntaxFactory.ParseName(LayersTypeName))));
            newRoot = unit;
        }
        return document.WithSyntaxRoot(newRoot);
    }

    private static UsingDirectiveSyntax Using(UsingDirectiveSyntax directive)
        => directive.NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.ElasticLineFeed).WithAdditionalAnnotations(Formatter.Annotation);
}
