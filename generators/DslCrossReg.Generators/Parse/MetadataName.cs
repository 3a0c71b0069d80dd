using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Whether a type is the one a full metadata name (<c>DslCrossReg.MemberAttribute</c>) names, compared segment by
/// segment without building the name: parsers ask this of every attribute of every member on every run, and
/// <c>ToDisplayString</c> allocated a string each time.
/// </summary>
internal static class MetadataName
{
    public static bool Is(INamedTypeSymbol? type, string fullName)
    {
        if (type is null || type.ContainingType is not null || type.Arity != 0) return false;
        int end = fullName.Length;
        ISymbol? current = type;
        while (current is not null && !(current is INamespaceSymbol { IsGlobalNamespace: true }))
        {
            string segment = current.Name;
            int start = end - segment.Length;
            if (start < 0 || string.CompareOrdinal(fullName, start, segment, 0, segment.Length) != 0) return false;
            var ns = current.ContainingNamespace;
            current = ns;
            bool atGlobal = ns is null || ns.IsGlobalNamespace;
            if (atGlobal) return start == 0;
            if (start == 0 || fullName[start - 1] != '.') return false;
            end = start - 1;
        }
        return false;
    }

    /// <summary>Whether <paramref name="attribute"/> is an application of the attribute class <paramref name="fullName"/>.</summary>
    public static bool Is(AttributeData attribute, string fullName) => Is(attribute.AttributeClass, fullName);
}
