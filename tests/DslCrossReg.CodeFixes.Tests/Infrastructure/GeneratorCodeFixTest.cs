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
/// A before/after test of <typeparamref name="TCodeFix"/> against the diagnostics of the real analyzer, on the
/// compilation that holds the real generators' output (as in an editor), compiled against .NET 10, DslCrossReg and
/// TorchSharp, so that the fixed code is also checked to compile with the generated code.
/// </summary>
internal sealed class GeneratorCodeFixTest<TCodeFix> : CSharpCodeFixTest<DslCrossRegAnalyzer, TCodeFix, DefaultVerifier>
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

    protected override ParseOptions CreateParseOptions()
        => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp13);
}
