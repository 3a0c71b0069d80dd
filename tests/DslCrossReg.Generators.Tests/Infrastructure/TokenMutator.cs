using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DslCrossReg.Generators.Tests.Infrastructure;

/// <summary>One mutation as applied: what it did, where, and the text it wrote.</summary>
internal sealed record Mutation(string Kind, int Position, string Removed, string Inserted)
{
    public override string ToString()
        => $"{Kind} at {Position}: «{Excerpt(Removed)}» → «{Excerpt(Inserted)}»";

    private static string Excerpt(string text)
        => (text.Length > 60 ? text.Substring(0, 60) + "…" : text).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>
/// Token-level mutations of C# source, driven by a <see cref="Random"/> the caller seeds: tokens come from Roslyn's
/// lexer (the parsed tree's tokens), so a mutation deletes, duplicates or swaps whole tokens, or replaces a literal by
/// an out-of-range value or a non-constant expression, or truncates the text. Each mutation re-lexes the text the
/// previous one left.
/// </summary>
internal static class TokenMutator
{
    // Out-of-range and odd constants, and expressions that are not constants at all (a local, a field, a call).
    private static readonly string[] NumericReplacements =
    {
        "0", "-1", "-0.0", "1.5", "0.0", "2147483647", "2147483648", "-2147483648", "int.MaxValue", "int.MinValue",
        "long.MaxValue", "99999999999999999999", "1e308", "1e-320", "double.NaN", "double.PositiveInfinity",
        "double.NegativeInfinity", "double.Epsilon", "float.NaN", "unchecked((int)double.NaN)", "(int)1e10",
        "0x7FFFFFFF", "'a'", "true", "null", "default", "\"8\"", "width", "Architecture", "System.Environment.ProcessorCount",
        "System.Math.Max(1, 2)", "new System.Random().Next()", "Width()", "checked(int.MaxValue + 1)", "1 / 0",
    };

    // Unknown, empty, clashing and ill-formed names, and non-constant strings.
    private static readonly string[] StringReplacements =
    {
        "\"\"", "\" \"", "\"unknown\"", "\"Result\"", "\"x\"", "\"input\"", "\"inner\"", "\"forward\"", "\"Forward\"",
        "\"Architecture\"", "\"1bad\"", "\"with space\"", "\"class\"", "\"@\"", "\"é\"", "\"\\0\"", "\"a.b\"", "\"a-b\"",
        "\"embedding\"", "\"Embedding\"", "\"EMBEDDING\"", "\"Left\"", "\"A\"", "\"Teacher\"", "\"Student\"",
        "\"" + new string('n', 600) + "\"", "null", "default", "string.Empty", "nameof(Architecture)", "\"a\" + \"b\"",
        "Name()", "name", "$\"{1}\"", "1", "\"\"\"raw\"\"\"",
    };

    public static (string Text, IReadOnlyList<Mutation> Mutations) Mutate(string source, Random random)
    {
        int count = random.NextDouble() switch { < 0.5 => 1, < 0.8 => 2, _ => 3 };
        var mutations = new List<Mutation>();
        for (int i = 0; i < count; i++)
        {
            var (text, mutation) = MutateOnce(source, random);
            source = text;
            mutations.Add(mutation);
        }
        return (source, mutations);
    }

    private static (string Text, Mutation Mutation) MutateOnce(string source, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot()
            .DescendantTokens(descendIntoTrivia: false)
            .Where(t => !t.IsMissing && t.Span.Length > 0)
            .ToList();
        if (tokens.Count == 0) return Truncate(source, random);

        var numbers = tokens.Where(t => t.IsKind(SyntaxKind.NumericLiteralToken)).ToList();
        var strings = tokens.Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).ToList();
        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToList();

        // Literals are where the DSL's values are: they get most of the mutations.
        int roll = random.Next(100);
        if (roll < 25 && numbers.Count > 0) return ReplaceNumber(source, numbers[random.Next(numbers.Count)], random);
        if (roll < 45 && strings.Count > 0) return ReplaceString(source, strings[random.Next(strings.Count)], strings, random);
        if (roll < 58) return Delete(source, tokens[random.Next(tokens.Count)]);
        if (roll < 68) return Duplicate(source, tokens[random.Next(tokens.Count)]);
        if (roll < 78 && tokens.Count > 1) return Swap(source, tokens, random.Next(tokens.Count - 1));
        if (roll < 90 && identifiers.Count > 1) return ReplaceIdentifier(source, identifiers[random.Next(identifiers.Count)], identifiers, random);
        return Truncate(source, random);
    }

    private static (string, Mutation) Replace(string source, TextSpan span, string inserted, string kind)
        => (source.Substring(0, span.Start) + inserted + source.Substring(span.End),
            new Mutation(kind, span.Start, source.Substring(span.Start, span.Length), inserted));

    private static (string, Mutation) ReplaceNumber(string source, SyntaxToken token, Random random)
        => Replace(source, token.Span, NumericReplacements[random.Next(NumericReplacements.Length)], "replace number");

    private static (string, Mutation) ReplaceString(string source, SyntaxToken token, List<SyntaxToken> strings, Random random)
    {
        // A third of the time another literal of the same file: a duplicate tap or member name.
        string replacement = random.Next(3) == 0
            ? strings[random.Next(strings.Count)].Text
            : StringReplacements[random.Next(StringReplacements.Length)];
        return Replace(source, token.Span, replacement, "replace string");
    }

    // Another name of the same file: Linear becomes Conv2d, Contrastive becomes Adversarial, Left becomes Right.
    private static (string, Mutation) ReplaceIdentifier(string source, SyntaxToken token, List<SyntaxToken> identifiers, Random random)
        => Replace(source, token.Span, identifiers[random.Next(identifiers.Count)].Text, "replace identifier");

    private static (string, Mutation) Delete(string source, SyntaxToken token)
        => Replace(source, token.Span, string.Empty, "delete token");

    private static (string, Mutation) Duplicate(string source, SyntaxToken token)
        => Replace(source, token.Span, token.Text + " " + token.Text, "duplicate token");

    private static (string, Mutation) Swap(string source, List<SyntaxToken> tokens, int index)
    {
        var first = tokens[index];
        var second = tokens[index + 1];
        var span = TextSpan.FromBounds(first.SpanStart, second.Span.End);
        string between = source.Substring(first.Span.End, second.SpanStart - first.Span.End);
        return Replace(source, span, second.Text + between + first.Text, "swap tokens");
    }

    private static (string, Mutation) Truncate(string source, Random random)
    {
        int at = random.Next(source.Length + 1);
        return (source.Substring(0, at), new Mutation("truncate", at, source.Length - at + " characters", string.Empty));
    }
}
