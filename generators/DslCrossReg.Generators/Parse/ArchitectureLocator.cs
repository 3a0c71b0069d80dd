using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>Finds a network's static <c>Layer</c> members and the expression each one is defined by.</summary>
internal static class ArchitectureLocator
{
    public static IReadOnlyList<ISymbol> LayerMembers(INamedTypeSymbol network, INamedTypeSymbol layerType)
        => network.GetMembers()
            .Where(m => m.IsStatic && !m.IsImplicitlyDeclared && m switch
            {
                IPropertySymbol p => SymbolEqualityComparer.Default.Equals(p.Type, layerType),
                IFieldSymbol f => SymbolEqualityComparer.Default.Equals(f.Type, layerType),
                _ => false,
            })
            .ToList();

    /// <summary>
    /// The defining expression: an expression body, an initializer, a getter's expression body, or a getter whose
    /// body is a single return statement. Null when the member is written some other way.
    /// </summary>
    public static ExpressionSyntax? DefiningExpression(ISymbol member, CancellationToken cancellationToken)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax(cancellationToken))
            {
                case PropertyDeclarationSyntax property:
                    if (property.ExpressionBody is { } arrow) return arrow.Expression;
                    if (property.Initializer is { } initializer) return initializer.Value;
                    var getter = property.AccessorList?.Accessors.FirstOrDefault(a => a.Keyword.ValueText == "get");
                    if (getter?.ExpressionBody is { } getterArrow) return getterArrow.Expression;
                    if (getter?.Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned })
                        return returned;
                    break;
                case VariableDeclaratorSyntax { Initializer: { } fieldInitializer }:
                    return fieldInitializer.Value;
            }
        }
        return null;
    }
}
