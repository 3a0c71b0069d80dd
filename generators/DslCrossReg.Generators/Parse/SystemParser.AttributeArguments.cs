using System.Globalization;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// How the system's readers (these files, <see cref="TermReader"/>, <see cref="CustomTermReader"/>,
/// <see cref="SystemShells"/>) read an attribute's arguments: by name, with a fallback for one not written (or written
/// with an error the compiler reports), and where a written one is, for a diagnostic that points at it.
/// </summary>
internal static partial class SystemParser
{
    internal static AttributeData? Attribute(ISymbol symbol, string name)
        => symbol.GetAttributes().FirstOrDefault(a => MetadataName.Is(a, name));

    internal static int Named(AttributeData? attribute, string name, int fallback)
        => NamedValue(attribute, name) is int value ? value : fallback;

    internal static double NamedReal(AttributeData? attribute, string name, double fallback)
        => NamedValue(attribute, name) switch
        {
            double d => d,
            int i => i,
            float f => f,
            _ => fallback,
        };

    internal static bool NamedBool(AttributeData? attribute, string name) => NamedValue(attribute, name) is true;

    internal static object? NamedValue(AttributeData? attribute, string name)
    {
        if (attribute is null) return null;
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == name && pair.Value.Kind != TypedConstantKind.Error && pair.Value.Kind != TypedConstantKind.Array)
                return pair.Value.Value;
        return null;
    }

    /// <summary>The value written for the named argument <paramref name="name"/> of <paramref name="attribute"/>, or null when it is not written.</summary>
    internal static SourceLocation? ArgumentLocation(AttributeData? attribute, string name, CancellationToken cancellationToken)
    {
        var syntax = attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return SourceLocation.From(argument?.Expression);
    }

}
