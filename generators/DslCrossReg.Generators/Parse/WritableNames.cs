using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Whether the generator can write a class's name and namespace back. Half-typed code (<c>class {</c>,
/// <c>namespace A. .B;</c>) binds to symbols with empty names; the compiler already reports the syntax error, and code
/// generated from them would only add errors of its own, so such a class is not generated.
/// </summary>
internal static class WritableNames
{
    public static bool Of(INamedTypeSymbol type)
    {
        if (!SyntaxFacts.IsValidIdentifier(type.Name)) return false;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            if (!SyntaxFacts.IsValidIdentifier(ns.Name)) return false;
        return true;
    }
}
