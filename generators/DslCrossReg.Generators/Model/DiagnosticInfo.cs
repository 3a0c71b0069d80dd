using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Model;

/// <summary>
/// A diagnostic as equatable values, turned back into a <see cref="Diagnostic"/> only when reported; its properties
/// carry what a code fix needs (see <see cref="DslCrossReg.Generators.Diagnostics.DiagnosticProperties"/>).
/// </summary>
internal sealed record DiagnosticInfo(
    DiagnosticDescriptor Descriptor,
    SourceLocation? Location,
    EquatableArray<string> Arguments,
    EquatableArray<DiagnosticProperty> Properties = default)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceLocation? location, params string[] arguments)
        => new(descriptor, location, arguments.ToEquatableArray());

    /// <summary>The diagnostic, located in <paramref name="tree"/> (the file its location was recorded in).</summary>
    public Diagnostic ToDiagnostic(SyntaxTree? tree)
        => Diagnostic.Create(
            Descriptor,
            Location?.ToLocation(tree),
            Properties.Count == 0 ? null : Properties.ToImmutableDictionary(p => p.Key, p => (string?)p.Value),
            Arguments.Cast<object>().ToArray());
}
