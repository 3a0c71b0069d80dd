using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// One attributed class declaration as the parsers read it: the part that carries the attribute, its symbol, a
/// semantic model of its file and the matching attributes applied on that part. The generators make it from
/// <see cref="GeneratorAttributeSyntaxContext"/>, the analyzer from the class declaration it is called for; the
/// parsers are the same.
/// </summary>
internal readonly struct DeclarationContext
{
    public DeclarationContext(SyntaxNode targetNode, ISymbol targetSymbol, SemanticModel semanticModel, ImmutableArray<AttributeData> attributes)
    {
        TargetNode = targetNode;
        TargetSymbol = targetSymbol;
        SemanticModel = semanticModel;
        Attributes = attributes;
    }

    public SyntaxNode TargetNode { get; }

    public ISymbol TargetSymbol { get; }

    public SemanticModel SemanticModel { get; }

    /// <summary>The attributes of the class the generator was called for, as applied on <see cref="TargetNode"/>.</summary>
    public ImmutableArray<AttributeData> Attributes { get; }

    public static DeclarationContext From(GeneratorAttributeSyntaxContext context)
        => new(context.TargetNode, context.TargetSymbol, context.SemanticModel, context.Attributes);
}
