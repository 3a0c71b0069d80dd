using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.CodeFixes.Taps;

/// <summary>
/// The tap names a <c>[Network]</c> declares: the constant arguments of the <c>.Tap(name)</c> calls in its static
/// Layer member, read from source like the generator reads them (the network may be in another file).
/// </summary>
internal static class DeclaredTaps
{
    private const string LayerTypeName = "DslCrossReg.Layer";

    public static IReadOnlyList<string> Of(INamedTypeSymbol network, Compilation compilation, CancellationToken cancellationToken)
    {
        var taps = new List<string>();
        foreach (var member in network.GetMembers().Where(m => m.IsStatic && IsLayer(m)))
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (var invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Tap" }
                        || invocation.ArgumentList.Arguments.Count != 1
                        || model.GetSymbolInfo(invocation, cancellationToken).Symbol?.ContainingType?.ToDisplayString() != LayerTypeName
                        || model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Value is not string name)
                        continue;
                    if (!taps.Contains(name)) taps.Add(name);
                }
            }
        }
        return taps;
    }

    private static bool IsLayer(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type.ToDisplayString() == LayerTypeName,
        IFieldSymbol field => field.Type.ToDisplayString() == LayerTypeName,
        _ => false,
    };
}
