using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DslCrossReg.Generators.Model;

/// <summary>
/// A location kept as plain values (path + spans): a <see cref="Location"/> holds the syntax tree, which
/// would pin the whole compilation in the incremental cache and defeat caching.
/// </summary>
internal sealed record SourceLocation(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static SourceLocation? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new SourceLocation(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static SourceLocation? From(SyntaxNode? node) => From(node?.GetLocation());

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
