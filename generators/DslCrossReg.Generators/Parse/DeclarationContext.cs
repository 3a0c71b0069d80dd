using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

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
/// <see cref="GeneratorAttributeSyntaxContext"/>, the analyzer from the class declaration it is called for; the
/// parsers are the same.
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
}
