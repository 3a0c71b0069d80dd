using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace DslCrossReg.Docs.Tests;

/// <summary>Every relative link of README.md and the pages under docs/ leads to a file, and to a heading of it when it names one.</summary>
public class DocLinkTests
{
    private static readonly Regex Link = new(@"\]\((?<target>[^)\s]+)\)", RegexOptions.Compiled);

    private static string RepositoryRoot => Repository.Root;

    public static IEnumerable<object[]> Pages()
        => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/'))
            .Prepend("README.md")
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "examples"), "README.md", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/')))
            .OrderBy(page => page, StringComparer.Ordinal)
            .Select(page => new object[] { page });

    [Theory]
    [MemberData(nameof(Pages))]
    public void Relative_links_resolve(string page)
    {
        string path = Path.Combine(RepositoryRoot, page);
        foreach (Match match in Link.Matches(WithoutCode(File.ReadAllText(path))))
        {
            string target = match.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            string[] parts = target.Split('#', 2);
            string file = parts[0].Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, parts[0]));
            Assert.True(File.Exists(file) || Directory.Exists(file), $"{page}: the link ({target}) leads to no file");
            if (parts.Length == 2)
                Assert.True(Anchors(file).Contains(parts[1]), $"{page}: the link ({target}) names no heading of {parts[0]}");
        }
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in WithoutCode(File.ReadAllText(file)).Split('\n'))
        {
            if (!line.StartsWith('#')) continue;
            string heading = line.TrimStart('#').Trim().ToLowerInvariant();
            var slug = new StringBuilder();
            foreach (char c in heading)
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            }
            string anchor = slug.ToString();
            for (int n = 1; !anchors.Add(anchor); n++) anchor = slug + "-" + n;
        }
        return anchors;
    }

    /// <summary>The text without its fenced code blocks, whose lines are neither headings nor links.</summary>
    private static string WithoutCode(string text)
        => Regex.Replace(text.Replace("\r\n", "\n"), @"^\s*```.*?^\s*```[ \t]*$", string.Empty, RegexOptions.Multiline | RegexOptions.Singleline);
}
