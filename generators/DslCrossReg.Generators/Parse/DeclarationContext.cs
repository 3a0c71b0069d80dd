using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>Who reads a declaration: the generators (on the user's compilation) or the analyzer (on the compilation with the generated code).</summary>
internal enum Reader
{
    Generator,
    Analyzer,
}

/// <summary>
/// One attributed class declaration as the parsers read it: the part that carries the attribute, its symbol, a
/// semantic model of its file and the matching attributes applied on that part. The generators make it from
/// <see cref="GeneratorAttributeSyntaxContext"/>, the analyzer from the class symbol; the parsers are the same.
/// </summary>
internal readonly struct DeclarationContext
{
    public DeclarationContext(SyntaxNode targetNode, ISymbol targetSymbol, SemanticModel semanticModel, ImmutableArray<AttributeData> attributes, Reader reader)
    {
        TargetNode = targetNode;
        TargetSymbol = targetSymbol;
        SemanticModel = semanticModel;
        Attributes = attributes;
        Reader = reader;
    }

    public SyntaxNode TargetNode { get; }

    public ISymbol TargetSymbol { get; }

    public SemanticModel SemanticModel { get; }

    /// <summary>The attributes of the class the generator was called for, as applied on <see cref="TargetNode"/>.</summary>
    public ImmutableArray<AttributeData> Attributes { get; }

    public Reader Reader { get; }

    public static DeclarationContext From(GeneratorAttributeSyntaxContext context)
        => new(context.TargetNode, context.TargetSymbol, context.SemanticModel, context.Attributes, Reader.Generator);

    /// <summary>
    /// The part of <paramref name="type"/> that holds its first attribute named <paramref name="attributeName"/> (the
    /// part the generator speaks for, see <see cref="PrimaryDeclaration"/>), with that part's attributes of the same
    /// class; null when the type carries no such attribute on a class declaration.
    /// </summary>
    public static DeclarationContext? ForAnalyzer(INamedTypeSymbol type, string attributeName, Compilation compilation, CancellationToken cancellationToken)
    {
        var all = type.GetAttributes();
        var first = all.FirstOrDefault(a => MetadataName.Is(a, attributeName));
        if (first?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } owner) return null;
        var onOwner = all.Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, first.AttributeClass)
                                     && a.ApplicationSyntaxReference is { } r && r.SyntaxTree == owner.SyntaxTree && owner.Span.Contains(r.Span))
            .ToImmutableArray();
        return new DeclarationContext(owner, type, compilation.GetSemanticModel(owner.SyntaxTree), onOwner, Reader.Analyzer);
    }
}
