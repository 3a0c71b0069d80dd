using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
        return new GeneratorOutcome(driver, compilation, output, generatorDiagnostics);
    }
}

internal sealed record GeneratorOutcome(
    GeneratorDriver Driver,
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
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
        var all = GeneratorDiagnostics.Concat(CompilationDiagnostics).ToList();
        Xunit.Assert.True(all.Count == 0, "Unexpected diagnostics:\n" + string.Join("\n", all));
    }

    /// <summary>Compiler errors and warnings of the compilation that includes the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
