using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DslCrossReg.Generators.Tests.Infrastructure;

/// <summary>Source with one expected diagnostic span marked <c>[|like this|]</c>, as Roslyn's own tests write it.</summary>
internal static class Markup
{
    public static (string Source, TextSpan Span) Parse(string markup)
    {
        int start = markup.IndexOf("[|", System.StringComparison.Ordinal);
        int end = markup.IndexOf("|]", System.StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "markup needs one [|span|]");
        string source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
