using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using DslCrossReg.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Every descriptor the generator can report is documented: its help link resolves to a page in the repository
/// the package declares (one source of truth: the generator reads the same RepositoryUrl at build time),
/// the page and the diagnostics index name it, and the analyzer release file lists it with its severity.
/// </summary>
public class DiagnosticCatalogTests
{
    /// <summary>
    /// The repository the package declares (Directory.Build.props' RepositoryUrl, its NuGet metadata): the help links
    /// must point into it, at the branch the pages live on.
    /// </summary>
    private static string HelpLinkBase => System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot(), "Directory.Build.props"))
        .Descendants("RepositoryUrl").Single().Value.TrimEnd('/') + "/blob/main/";

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Descriptors()) data.Add(descriptor.Id);
        return data;
    }

    [Fact]
    public void Ids_are_unique_and_consecutive()
    {
        var ids = Descriptors().Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"DCR{i:0000}"), ids.OrderBy(i => i, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_resolves_to_the_page_in_the_repository(string id)
    {
        var descriptor = Descriptor(id);
        Assert.StartsWith(HelpLinkBase, descriptor.HelpLinkUri, StringComparison.Ordinal);
        string relative = descriptor.HelpLinkUri.Substring(HelpLinkBase.Length);
        Assert.Equal($"docs/diagnostics/{id}.md", relative);
        string page = Path.Combine(RepositoryRoot(), relative);
        Assert.True(File.Exists(page), page + " is missing");
        string text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        Assert.Contains($"Severity: {descriptor.DefaultSeverity.ToString().ToLowerInvariant()}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Why", "## How to fix", "## Example" })
            Assert.Contains(section, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Diagnostics_index_links_the_page_with_its_title(string id)
    {
        string index = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics", "README.md"));
        Assert.Contains($"| [{id}]({id}.md) | {Descriptor(id).Title} |", index, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Release_file_lists_the_rule_with_its_severity(string id)
    {
        string releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "generators", "DslCrossReg.Generators", "AnalyzerReleases.Unshipped.md"));
        var row = Regex.Matches(releases, @"^(DCR\d{4})\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|", RegexOptions.Multiline)
            .Cast<Match>()
            .SingleOrDefault(m => m.Groups[1].Value == id);
        Assert.NotNull(row);
        Assert.Equal(Descriptor(id).Category, row.Groups[2].Value);
        Assert.Equal(Descriptor(id).DefaultSeverity.ToString(), row.Groups[3].Value);
    }

    private static DiagnosticDescriptor Descriptor(string id) => Descriptors().Single(d => d.Id == id);

    private static IEnumerable<DiagnosticDescriptor> Descriptors() => typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        // tests/ has a Directory.Build.props of its own: the root is the folder that holds both docs/ and generators/.
        while (directory is not null && !(Directory.Exists(Path.Combine(directory.FullName, "docs", "diagnostics"))
                                          && Directory.Exists(Path.Combine(directory.FullName, "generators"))))
            directory = directory.Parent;
        Assert.NotNull(directory);
        return directory.FullName;
    }
}
