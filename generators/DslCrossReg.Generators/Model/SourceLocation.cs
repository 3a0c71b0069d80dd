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

    /// <summary>The location in <paramref name="tree"/>, the file it was recorded in (a pragma or a per-file severity reaches only such a location); by path and span when the file is not known.</summary>
    public Location ToLocation(SyntaxTree? tree)
        => tree is not null && Span.End <= tree.Length ? Location.Create(tree, Span) : Location.Create(FilePath, Span, LineSpan);
}
