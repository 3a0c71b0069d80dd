using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The analyzer reports in the user's file, so the compiler's three ways of configuring a diagnostic reach every DCR:
/// <c>#pragma warning disable</c> around the offending code, an <c>.editorconfig</c> severity (parsed here by Roslyn's
/// own <see cref="AnalyzerConfigSet"/>, as the compiler does) and <c>NoWarn</c> (the compiler's specific options), for a
/// warning (DCR0023) and an error (DCR0006). Each case is checked against the same code without the setting.
/// </summary>
public class SuppressionTests
{
    private const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;

        [Network]
        public partial class Mlp
        {
            static Layer Architecture => Input(8) >> Linear(6).Tap("embedding") >> Linear(3);
        }
        """;

    private const string HeavySystem = """
        using DslCrossReg;
        namespace Demo;

        [CrossLoss(CrossMethod.EmbeddingDistance, 25, Tap = "embedding")]
        public partial class Views
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
        }
        """;

    private const string BrokenNetwork = """
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;

        [Network]
        public partial class Broken
        {
            static Layer Architecture => Input(8) >> Linear(6) >> Linear(5, 3);
        }
        """;

    public static TheoryData<string, string> Cases() => new()
    {
        { "DCR0023", HeavySystem },
        { "DCR0006", BrokenNetwork },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Without_a_setting_the_diagnostic_is_reported(string id, string source)
        => Assert.Equal(new[] { id }, GeneratorHarness.Run(Networks, source).Diagnostics.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pragma_around_the_declaration_hides_it(string id, string source)
    {
        string wrapped = source.Replace("[CrossLoss", "#pragma warning disable " + id + "\n[CrossLoss")
                               .Replace("[Network]\npublic partial class Broken", "#pragma warning disable " + id + "\n[Network]\npublic partial class Broken")
                         + "\n#pragma warning restore " + id + "\n";
        Assert.Contains("#pragma", wrapped, System.StringComparison.Ordinal);
        var outcome = GeneratorHarness.Run(Networks, wrapped);
        Assert.Empty(outcome.Diagnostics);
        // Another id does not hide it.
        var other = GeneratorHarness.Run(Networks, wrapped.Replace("disable " + id, "disable DCR0001"));
        Assert.Equal(new[] { id }, other.Diagnostics.Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Editorconfig_severity_none_hides_it_and_warning_downgrades_it(string id, string source)
    {
        Assert.Empty(Analyze(Networks, source, "root = true\n[*.cs]\ndotnet_diagnostic." + id + ".severity = none\n"));
        var downgraded = Analyze(Networks, source, "root = true\n[*.cs]\ndotnet_diagnostic." + id + ".severity = suggestion\n");
        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(downgraded).Severity);
        // A section for other files leaves it alone.
        Assert.Equal(new[] { id }, Analyze(Networks, source, "root = true\n[*.fs]\ndotnet_diagnostic." + id + ".severity = none\n").Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NoWarn_hides_it(string id, string source)
    {
        var compilation = GeneratorHarness.Compilation(Networks, source);
        var options = compilation.Options.WithSpecificDiagnosticOptions(compilation.Options.SpecificDiagnosticOptions.SetItem(id, ReportDiagnostic.Suppress));
        var outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation.WithOptions(options));
        Assert.Empty(outcome.Diagnostics);
    }

    [Fact]
    public void Warnings_as_errors_makes_the_warning_an_error()
    {
        var compilation = GeneratorHarness.Compilation(Networks, HeavySystem);
        var outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error)));
        var diagnostic = Assert.Single(outcome.Diagnostics, d => d.Id == "DCR0023");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    /// <summary>The analyzer's diagnostics with <paramref name="editorconfig"/> applied to every file, as the compiler applies one.</summary>
    private static ImmutableArray<Diagnostic> Analyze(string networks, string source, string editorconfig)
    {
        var set = AnalyzerConfigSet.Create(new[] { AnalyzerConfig.Parse(editorconfig, "/src/.editorconfig") });
        var compilation = GeneratorHarness.Compilation(networks, source);
        var trees = compilation.SyntaxTrees.Select(t => t.WithFilePath("/src/" + t.FilePath)).ToList();
        var provider = new EditorconfigOptions(set);
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(trees)
            .WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(provider));
        var outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        return outcome.Diagnostics;
    }

    /// <summary>Per-file severities from an <see cref="AnalyzerConfigSet"/>: what the compiler builds from .editorconfig files.</summary>
    private sealed class EditorconfigOptions : SyntaxTreeOptionsProvider
    {
        private readonly AnalyzerConfigSet set;

        public EditorconfigOptions(AnalyzerConfigSet set) => this.set = set;

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
