using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace DslCrossReg.Docs.Tests;

/// <summary>
/// The docs and the compiled samples cannot drift apart: a <c>```csharp</c> block of README.md or a page under docs/ that follows
/// <c>&lt;!-- sample: Samples/File.cs#region --&gt;</c> must equal that <c>#region</c> of the file in this project
/// (indentation aside), and on the pages that <see cref="CompiledPages"/> lists every C# block must be such a sample.
/// </summary>
public class DocSampleTests
{
    /// <summary>Pages (paths from the repository root) whose every C# block is compiled.</summary>
    public static readonly string[] CompiledPages =
    {
        "README.md", "docs/getting-started.md", "docs/systems.md", "docs/cross-methods.md", "docs/training.md", "docs/checkpoints.md",
        "docs/user-modules-and-attention.md", "docs/pytorch-interop.md", "docs/onnx-export.md",
    };

    private static readonly Regex Marker = new(@"^<!-- sample: (?<file>[^#\s]+)#(?<region>[\w-]+) -->$", RegexOptions.Compiled);

    private static string RepositoryRoot => Repository.Root;

    private static string ProjectDirectory => Path.Combine(RepositoryRoot, "tests", "DslCrossReg.Docs.Tests");

    /// <summary>README.md and every page directly under docs/, as paths from the repository root.</summary>
    private static IEnumerable<string> AllPages()
        => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md")
            .Select(path => "docs/" + Path.GetFileName(path))
            .Prepend("README.md")
            .OrderBy(page => page, StringComparer.Ordinal);

    public static IEnumerable<object[]> Pages() => AllPages().Select(page => new object[] { page });

    public static IEnumerable<object[]> Compiled() => CompiledPages.Select(page => new object[] { page });

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_marked_block_equals_its_region_of_the_compiled_samples(string page)
    {
        foreach (var block in DocBlocks.Read(Path.Combine(RepositoryRoot, page)).Where(b => b.Sample is not null))
        {
            var match = Marker.Match(block.Sample!);
            Assert.True(match.Success, $"{page}:{block.Line}: '{block.Sample}' is not of the form <!-- sample: Samples/File.cs#region -->");
            string file = Path.Combine(ProjectDirectory, match.Groups["file"].Value);
            Assert.True(File.Exists(file), $"{page}:{block.Line}: {match.Groups["file"].Value} does not exist in tests/DslCrossReg.Docs.Tests");
            var region = Regions.Read(file, match.Groups["region"].Value);
            Assert.True(region is not null, $"{page}:{block.Line}: {match.Groups["file"].Value} has no #region {match.Groups["region"].Value}");
            Assert.True(Text.Dedent(block.Code) == Text.Dedent(region!),
                $"{page}:{block.Line}: the block differs from {match.Groups["file"].Value}#{match.Groups["region"].Value}.\n"
                + Text.FirstDifference(Text.Dedent(block.Code), Text.Dedent(region!)));
        }
    }

    [Theory]
    [MemberData(nameof(Compiled))]
    public void Every_csharp_block_of_a_compiled_page_is_a_sample(string page)
    {
        var blocks = DocBlocks.Read(Path.Combine(RepositoryRoot, page)).Where(b => b.Language == "csharp").ToList();
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
            Assert.True(block.Sample is not null,
                $"{page}:{block.Line}: a C# block without a <!-- sample: Samples/File.cs#region --> line before it; put the code in a #region of a file under tests/DslCrossReg.Docs.Tests/Samples and mark the block with it");
    }

    [Fact]
    public void Every_region_of_the_samples_is_shown_in_the_docs()
    {
        var shown = AllPages()
            .SelectMany(page => DocBlocks.Read(Path.Combine(RepositoryRoot, page)))
            .Select(b => b.Sample is null ? null : Marker.Match(b.Sample))
            .Where(m => m is { Success: true })
            .Select(m => m!.Groups["file"].Value + "#" + m.Groups["region"].Value)
            .ToHashSet(StringComparer.Ordinal);
        var samples = Path.Combine(ProjectDirectory, "Samples");
        var unused = Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => Regions.Names(file).Select(name => Path.GetRelativePath(ProjectDirectory, file).Replace('\\', '/') + "#" + name))
            .Where(sample => !shown.Contains(sample))
            .ToList();
        Assert.True(unused.Count == 0, "regions no page shows: " + string.Join(", ", unused));
    }

    [Fact]
    public void The_comparison_sees_a_changed_line()
    {
        const string Page = "```csharp\nvar a = 1;\n```\n";
        var block = Assert.Single(DocBlocks.Parse(Page.Split('\n')));
        Assert.NotEqual(Text.Dedent(block.Code), Text.Dedent("    var a = 2;\n"));
        Assert.Equal(Text.Dedent(block.Code), Text.Dedent("        var a = 1;\n"));
    }
}

/// <summary>A fenced code block of a Markdown page, and the sample marker on the line before it, if any.</summary>
internal sealed record DocBlock(int Line, string Language, string Code, string? Sample);

internal static class DocBlocks
{
    public static IReadOnlyList<DocBlock> Read(string path) => Parse(File.ReadAllLines(path));

    public static IReadOnlyList<DocBlock> Parse(IReadOnlyList<string> lines)
    {
        var blocks = new List<DocBlock>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].TrimEnd();
            if (!line.TrimStart().StartsWith("```", StringComparison.Ordinal)) continue;
            string language = line.TrimStart().Substring(3).Trim();
            int start = i + 1, end = start;
            while (end < lines.Count && lines[end].Trim() != "```") end++;
            // The marker is the nearest non-blank line above the fence.
            int above = i - 1;
            while (above >= 0 && lines[above].Trim().Length == 0) above--;
            string? marker = above >= 0 && lines[above].Trim().StartsWith("<!-- sample:", StringComparison.Ordinal) ? lines[above].Trim() : null;
            blocks.Add(new DocBlock(i + 1, language, string.Join("\n", lines.Skip(start).Take(end - start)), marker));
            i = end;
        }
        return blocks;
    }
}

internal static class Regions
{
    private static readonly Regex Start = new(@"^\s*#region\s+(?<name>[\w-]+)\s*$", RegexOptions.Compiled);
    private static readonly Regex End = new(@"^\s*#endregion\b", RegexOptions.Compiled);

    /// <summary>The lines between <c>#region name</c> and its <c>#endregion</c>, or null.</summary>
    public static string? Read(string file, string name)
    {
        var lines = File.ReadAllLines(file);
        int start = Array.FindIndex(lines, l => Start.Match(l) is { Success: true } m && m.Groups["name"].Value == name);
        if (start < 0) return null;
        int end = Array.FindIndex(lines, start + 1, l => End.IsMatch(l));
        Assert.True(end > start, $"{file}: #region {name} has no #endregion");
        return string.Join("\n", lines.Skip(start + 1).Take(end - start - 1));
    }

    public static IEnumerable<string> Names(string file)
        => File.ReadAllLines(file).Select(l => Start.Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value);
}

internal static class Text
{
    /// <summary>The text with its common leading indentation, trailing blanks and surrounding blank lines removed.</summary>
    public static string Dedent(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        int indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length == 0 ? l : l.Substring(indent)));
    }

    public static string FirstDifference(string doc, string sample)
    {
        var a = doc.Split('\n');
        var b = sample.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(end of block)", y = i < b.Length ? b[i] : "(end of region)";
            if (x != y) return $"line {i + 1} of the block:\n  docs:   {x}\n  sample: {y}";
        }
        return string.Empty;
    }
}
