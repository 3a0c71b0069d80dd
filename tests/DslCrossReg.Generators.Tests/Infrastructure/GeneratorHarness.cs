using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DslCrossReg.Generators.Tests.Infrastructure;

/// <summary>Runs the generator over in-memory sources against real .NET 10, DslCrossReg and TorchSharp references.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All
            .Concat(new MetadataReference[]
            {
                MetadataReference.CreateFromFile(typeof(DslCrossReg.Layer).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
            })
            .ToImmutableArray();

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            // The .NET SDK passes NoWarn CS1701;CS1702 to every build: TorchSharp targets net8.0 references that
            // unify with net10.0's, exactly as in a user's project.
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            }));

    public static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        new[] { new NetworkGenerator().AsSourceGenerator(), new SystemGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; returns the driver (for re-runs), its result and the compilation with generated code.</summary>
    public static GeneratorOutcome Run(params string[] sources) => Run(CreateDriver(), Compilation(sources));

    public static GeneratorOutcome Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorOutcome(driver, compilation, output, generatorDiagnostics, Analyze(output));
    }

    /// <summary>
    /// What the DCR analyzer reports on <paramref name="compilation"/> (as in a build or an editor: on the compilation
    /// that holds the generated code), after pragmas and configured severities.
    /// </summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions? options = null)
        => compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DslCrossRegAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync()
            .GetAwaiter()
            .GetResult()
            .Sort((a, b) => Order(a).CompareTo(Order(b)));

    private static (string, int, string) Order(Diagnostic d) => (d.Location.SourceTree?.FilePath ?? d.Location.GetLineSpan().Path, d.Location.SourceSpan.Start, d.Id);
}

internal sealed record GeneratorOutcome(
    GeneratorDriver Driver,
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> AnalyzerDiagnostics)
{
    /// <summary>Every DCR diagnostic: the analyzer's (the generators report none, see <see cref="GeneratorDiagnostics"/>).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => GeneratorDiagnostics.AddRange(AnalyzerDiagnostics);

    /// <summary>The network generator's run.</summary>
    public GeneratorRunResult Result => Driver.GetRunResult().Results[0];

    /// <summary>The system generator's run.</summary>
    public GeneratorRunResult SystemResult => Driver.GetRunResult().Results[1];

    /// <summary>Generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Fails, listing them, if the generator or the compilation with its output reported anything.</summary>
    public void AssertClean()
    {
        var all = Diagnostics.Concat(CompilationDiagnostics).ToList();
        Xunit.Assert.True(all.Count == 0, "Unexpected diagnostics:\n" + string.Join("\n", all));
    }

    /// <summary>
    /// For a declaration with an error: what was generated is only placeholders, and the compiler reports nothing
    /// besides the DCR diagnostics (no follow-on error where the generated types are used, none in generated code).
    /// </summary>
    /// <param name="hintSuffix">Which generated files must be placeholders.</param>
    /// <param name="usersOwnErrors">Compiler errors the user's code has on its own, whatever is generated (a partial member in a class that is not partial).</param>
    public void AssertOnlyPlaceholders(string hintSuffix = ".cs", params string[] usersOwnErrors)
    {
        foreach (var (hint, text) in Sources.Where(s => s.Key.EndsWith(hintSuffix, System.StringComparison.Ordinal)))
            Xunit.Assert.True(text.Contains("/// Placeholder: ", System.StringComparison.Ordinal), hint + " is not a placeholder:\n" + text);
        var others = CompilationDiagnostics.Where(d => !usersOwnErrors.Contains(d.Id)).ToList();
        Xunit.Assert.True(others.Count == 0, "Compiler diagnostics besides the DCR ones:\n" + string.Join("\n", others));
    }

    /// <summary>Compiler errors and warnings of the compilation that includes the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
