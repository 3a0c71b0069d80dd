using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The names the generator writes back into code — a class's name and its namespace's — must be identifiers.
/// Half-typed code (<c>class {</c>, <c>namespace A. .B;</c>) binds to symbols with empty names; the compiler already
/// reports the syntax error, and code generated from them would only add errors of its own, so such a class is not
/// generated.
/// </summary>
internal static class NamesToWriteBack
{
    /// <summary>Whether <paramref name="type"/>'s name and every enclosing namespace's name are valid identifiers.</summary>
    public static bool AreValidIdentifiers(INamedTypeSymbol type)
    {
        if (!SyntaxFacts.IsValidIdentifier(type.Name)) return false;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            if (!SyntaxFacts.IsValidIdentifier(ns.Name)) return false;
        return true;
    }
}
