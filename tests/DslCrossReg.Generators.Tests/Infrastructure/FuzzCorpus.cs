using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Tests.Infrastructure;

/// <summary>
/// One declaration to mutate: a file of the repository, or a declaration embedded as a string in a test. The fuzzer
/// mutates <see cref="Source"/> only; <see cref="Companions"/> (the networks a system's members refer to) go into the
/// same compilation unchanged.
/// </summary>
internal sealed record CorpusEntry(string Name, string Source, IReadOnlyList<string> Companions, bool Embedded)
{
    public override string ToString() => Name;
}

/// <summary>
/// The fuzz corpus: every <c>.cs</c> under <c>tests/</c> and <c>examples/</c> (bin, obj and _snapshots aside) that
/// mentions <c>[Network]</c>, <c>[CrossLoss</c>, <c>[OutputNorm</c> or <c>[TrainingSystem</c>. A file that applies one of those attributes is an
/// entry itself; every string literal in any of them that holds one (the generator and code-fix tests' sources) is an
/// entry too. Ordered by path and position, so a seed always means the same mutants.
/// </summary>
internal static class FuzzCorpus
{
    private static readonly string[] Markers = { "[Network]", "[CrossLoss", "[OutputNorm", "[TrainingSystem" };
    private static readonly HashSet<string> AttributeNames = new(StringComparer.Ordinal)
    {
        "Network", "NetworkAttribute", "CrossLoss", "CrossLossAttribute", "OutputNorm", "OutputNormAttribute", "TrainingSystem", "TrainingSystemAttribute",
    };

    /// <summary>The repository root, recorded at build time (not [CallerFilePath]: CI maps source paths to /_/).</summary>
    public static string RepositoryRoot { get; } = typeof(FuzzCorpus).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly Lazy<IReadOnlyList<CorpusEntry>> LazyEntries = new(Load);

    public static IReadOnlyList<CorpusEntry> Entries => LazyEntries.Value;

    private static IReadOnlyList<CorpusEntry> Load()
    {
        if (!Directory.Exists(Path.Combine(RepositoryRoot, "tests")))
            throw new InvalidOperationException($"The recorded repository root '{RepositoryRoot}' has no tests/ folder.");

        var files = new[] { "tests", "examples" }
            .Select(folder => Path.Combine(RepositoryRoot, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Select(path => (Path: path, Relative: Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/')))
            .Where(f => !f.Relative.Split('/').Any(segment => segment is "bin" or "obj" or "_snapshots"))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => (f.Relative, Text: File.ReadAllText(f.Path).Replace("\r\n", "\n")))
            .Where(f => Markers.Any(m => f.Text.Contains(m, StringComparison.Ordinal)))
            .ToList();

        var declarationFiles = files
            .Select(f => (f.Relative, f.Text, Tree: CSharpSyntaxTree.ParseText(f.Text, GeneratorHarness.ParseOptions)))
            .ToList();
        var appliesAttribute = declarationFiles
            .Where(f => f.Tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>().Any(a => AttributeNames.Contains(LastName(a.Name))))
            .ToList();

        var entries = new List<CorpusEntry>();
        foreach (var file in appliesAttribute)
        {
            // A system needs its members' networks: the other declaration files of its folder.
            bool declaresSystem = DeclaresSystem(file.Text);
            string folder = Path.GetDirectoryName(file.Relative)!;
            var companions = declaresSystem
                ? appliesAttribute.Where(o => o.Relative != file.Relative && Path.GetDirectoryName(o.Relative) == folder).Select(o => o.Text).ToList()
                : new List<string>();
            entries.Add(new CorpusEntry(file.Relative, file.Text, companions, Embedded: false));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in declarationFiles)
        {
            var sources = new List<(string Source, int Line)>();
            foreach (var token in file.Tree.GetRoot().DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken) && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                    continue;
                string value = token.ValueText;
                if (!Markers.Any(m => value.Contains(m, StringComparison.Ordinal))) continue;
                // Diagnostic tests mark the expected span [|like this|].
                value = value.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal);
                // Robustness tests write the attributes alone and add the class themselves.
                string trimmed = value.Trim();
                if (trimmed.StartsWith('[') && trimmed.EndsWith(']') && !trimmed.Contains("class ", StringComparison.Ordinal))
                    value += FragmentClass;
                string source = Prefixed(value);
                // Expected messages ("The [Network] class 'X' ...") mention the attributes without applying them.
                if (AppliedClasses(source).Count == 0 || !seen.Add(source)) continue;
                sources.Add((source, token.GetLocation().GetLineSpan().StartLinePosition.Line + 1));
            }

            // A system written alone refers to the networks of SystemSnapshotTests and of its own test file.
            var networks = new List<string> { Prefixed(SystemSnapshotTests.Networks) };
            var declared = new HashSet<string>(AppliedClasses(networks[0]), StringComparer.Ordinal);
            foreach (var (source, _) in sources.Where(s => !DeclaresSystem(s.Source)))
            {
                var classes = AppliedClasses(source);
                if (classes.Any(declared.Contains)) continue;
                networks.Add(source);
                declared.UnionWith(classes);
            }
            foreach (var (source, line) in sources)
            {
                var companions = DeclaresSystem(source) && !source.Contains("[Network]", StringComparison.Ordinal) ? networks : new List<string>();
                entries.Add(new CorpusEntry($"{file.Relative}:{line} (string)", source, companions, Embedded: true));
            }
        }
        return entries;
    }

    private const string FragmentClass = "\npublic partial class Fragment\n{\n    [Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n}\n";

    private static bool DeclaresSystem(string source)
        => source.Contains("[CrossLoss", StringComparison.Ordinal) || source.Contains("[OutputNorm", StringComparison.Ordinal)
           || source.Contains("[TrainingSystem", StringComparison.Ordinal);

    /// <summary>The classes of <paramref name="source"/> that one of the generators' attributes is applied to.</summary>
    private static List<string> AppliedClasses(string source)
        => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot()
            .DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Where(c => c.AttributeLists.SelectMany(l => l.Attributes).Any(a => AttributeNames.Contains(LastName(a.Name))))
            .Select(c => c.Identifier.ValueText)
            .ToList();

    // Test strings are often written without the usings their test adds.
    private static string Prefixed(string value)
    {
        string prefix = string.Empty;
        if (!value.Contains("using DslCrossReg;", StringComparison.Ordinal)) prefix += "using DslCrossReg;\n";
        if (!value.Contains("using static DslCrossReg.Layers;", StringComparison.Ordinal)) prefix += "using static DslCrossReg.Layers;\n";
        if (!value.Contains("namespace ", StringComparison.Ordinal)) prefix += "namespace Demo;\n";
        return prefix + value;
    }

    private static string LastName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => string.Empty,
    };
}
