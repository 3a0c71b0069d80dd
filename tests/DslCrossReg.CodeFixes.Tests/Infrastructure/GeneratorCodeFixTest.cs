using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DslCrossReg.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace DslCrossReg.CodeFixes.Tests.Infrastructure;

/// <summary>
/// A before/after test of <typeparamref name="TCodeFix"/> against the diagnostics of the real generators (no
/// analyzer: the generators report them), compiled against .NET 10, DslCrossReg and TorchSharp, so that the fixed
/// code is also checked to compile with the generated code.
/// </summary>
internal sealed class GeneratorCodeFixTest<TCodeFix> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public GeneratorCodeFixTest()
    {
        // No reference package to download: the references come from Basic.Reference.Assemblies instead.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        // The generated text is pinned by the generator's snapshot tests; here it must only compile with the fix.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        foreach (var state in new[] { TestState, FixedState })
        {
            state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Layer).Assembly.Location));
            state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location));
        }
    }

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(NetworkGenerator), typeof(SystemGenerator) };

    /// <summary>
    /// The generators report at file path + span (a location that holds no syntax tree, so that the incremental
    /// cache does not pin one). The IDE maps such a location to the document with that path before it asks for
    /// code fixes; the test framework does not, so this does the same mapping.
    /// </summary>
    protected override async Task<(Compilation compilation, ImmutableArray<Diagnostic> generatorDiagnostics)> GetProjectCompilationAsync(
        Project project, IVerifier verifier, CancellationToken cancellationToken)
    {
        var (compilation, diagnostics) = await base.GetProjectCompilationAsync(project, verifier, cancellationToken);
        return (compilation, diagnostics.Select(d => InSourceTree(d, compilation)).ToImmutableArray());
    }

    private static Diagnostic InSourceTree(Diagnostic diagnostic, Compilation compilation)
    {
        var location = diagnostic.Location;
        if (location.Kind != LocationKind.ExternalFile) return diagnostic;
        string path = location.GetLineSpan().Path;
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path);
        if (tree is null) return diagnostic;
        var descriptor = diagnostic.Descriptor;
        return Diagnostic.Create(
            descriptor.Id, descriptor.Category, diagnostic.GetMessage(), diagnostic.Severity, descriptor.DefaultSeverity,
            descriptor.IsEnabledByDefault, diagnostic.WarningLevel, descriptor.Title, descriptor.Description, descriptor.HelpLinkUri,
            Location.Create(tree, location.SourceSpan), diagnostic.AdditionalLocations, descriptor.CustomTags, diagnostic.Properties);
    }

    protected override ParseOptions CreateParseOptions()
        => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp13);
}
