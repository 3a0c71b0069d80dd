using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Which part of a partial class the generator generates from. The generator is called once for every declaration of
/// a partial class that carries the attribute; when two parts carry it, both would generate the same file (an
/// ArgumentException for the duplicate hint name: CS8785). The part that holds the class's first such attribute speaks
/// for the class; the others are skipped.
/// </summary>
internal static class PartialDeclarations
{
    /// <summary>
    /// Whether the part the generator was called for (<see cref="DeclarationContext.TargetNode"/>) holds the class's
    /// first attribute of the kind it was called for: true too when that cannot be told (no attribute class, no syntax).
    /// </summary>
    public static bool IsTheOneToGenerateFrom(DeclarationContext context, CancellationToken cancellationToken)
    {
        var attributeClass = context.Attributes.FirstOrDefault()?.AttributeClass;
        if (attributeClass is null) return true;
        foreach (var attribute in context.TargetSymbol.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass)) continue;
            var owner = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<ClassDeclarationSyntax>();
            return owner is null
                   || (owner.SyntaxTree == context.TargetNode.SyntaxTree && owner.Span == context.TargetNode.Span);
        }
        return true;
    }
}
