using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Model;
using DslCrossReg.Generators.Parse;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The syntax-only fast path of the pipeline reader against the semantic reader it short-cuts: wherever the fast
/// path answers, its calls (names, bound arguments with values and locations, taps, residual inners) equal the
/// semantic reader's, over every declaration of the repository and over seeded mutants of them; and it declines
/// exactly where syntax cannot be sure.
/// </summary>
public class SyntaxPipelineReaderTests
{
    private const int Mutants = 600;

    [Fact]
    public void Fast_path_agrees_with_the_semantic_reader_on_every_declaration_of_the_repository()
    {
        var (compared, answered) = CompareAll(FuzzCorpus.Entries.Select(e => e.Companions.Prepend(e.Source).ToArray()));
        Assert.True(compared >= 40, $"only {compared} architectures found in the corpus");
        // The fast path is not dead code: most declarations are written the common way.
        Assert.True(answered * 2 > compared, $"the fast path answered for {answered} of {compared} architectures");
    }

    [Fact]
    public void Fast_path_agrees_with_the_semantic_reader_on_mutated_declarations()
    {
        var random = new Random(20261202);
        var entries = FuzzCorpus.Entries.Where(e => e.Source.Contains("[Network]", StringComparison.Ordinal)).ToList();
        var sources = Enumerable.Range(0, Mutants).Select(_ =>
        {
            var entry = entries[random.Next(entries.Count)];
            return entry.Companions.Prepend(TokenMutator.Mutate(entry.Source, random).Text).ToArray();
        });
        var (compared, answered) = CompareAll(sources);
        Assert.True(answered > 0 && compared > answered, $"answered {answered} of {compared}");
    }

    [Theory]
    // Another static import could bring a Linear of its own.
    [InlineData("using static System.Math;", "Input(4) >> Linear(2)")]
    // A member of the network shadows the DSL member of that name.
    [InlineData("", "Input(4) >> Linear(2); static Layer Linear(int n) => Layers.Linear(n + 1)")]
    // A named constant needs binding.
    [InlineData("", "Input(4) >> Linear(Width); const int Width = 2")]
    // Arithmetic needs binding.
    [InlineData("", "Input(4) >> Linear(2 * 3)")]
    // A qualified call could name another Layers.
    [InlineData("", "Input(4) >> Layers.Linear(2)")]
    // A float literal converted to double has a value of its own.
    [InlineData("", "Input(4) >> Dropout(0.1f)")]
    // An alias could rename anything.
    [InlineData("using L = DslCrossReg.Layers;", "Input(4) >> Linear(2)")]
    // `default` is no string literal, though its token's value is its text (found by the mutation test).
    [InlineData("", "Input(4) >> Linear(2).Tap(default)")]
    [InlineData("", "Input(4) >> Dropout(default)")]
    // An integer literal too large for any type is an error whose token still has a value (0).
    [InlineData("", "Input(4) >> Linear(99999999999999999999)")]
    // A missing parenthesis: the parser's recovery is no pipeline the compiler binds (found by the mutation test).
    [InlineData("", "Input(16) >> Residual( (Linear(8))")]
    public void Fast_path_declines_what_syntax_cannot_decide(string extraUsing, string architecture)
    {
        string source = extraUsing + "\nusing DslCrossReg;\nusing static DslCrossReg.Layers;\n[Network]\npublic partial class Net\n{\n    static Layer Architecture => " + architecture + ";\n}\n";
        var compilation = GeneratorHarness.Compilation(source);
        var (network, expression) = Architectures(compilation).Single();
        Assert.Null(Fast(compilation, network, expression));
    }

    [Fact]
    public void A_type_named_like_a_dsl_member_in_the_namespace_sends_the_parse_to_the_semantic_reader()
    {
        string source = "using DslCrossReg;\nusing static DslCrossReg.Layers;\nnamespace N;\npublic class ReLU { }\n[Network]\npublic partial class Net\n{\n    static Layer Architecture => Input(4) >> Linear(2) >> Tanh;\n}\n";
        var compilation = GeneratorHarness.Compilation(source);
        var (network, expression) = Architectures(compilation).Single();
        Assert.NotNull(Fast(compilation, network, expression));

        var shadowed = GeneratorHarness.Compilation(source.Replace(">> Tanh", ">> ReLU", StringComparison.Ordinal));
        var (network2, expression2) = Architectures(shadowed).Single();
        Assert.Null(Fast(shadowed, network2, expression2));
    }

    [Fact]
    public void Fast_path_reads_defaults_params_taps_and_residuals_like_the_semantic_reader()
    {
        const string source = """
            using DslCrossReg;
            using static DslCrossReg.Layers;
            [Network]
            public partial class Net
            {
                static Layer Architecture =>
                    Input(1, 12, 12) >> Conv2d(4, kernel: 3, padding: 1) >> ReLU >> MaxPool2d(2)
                    >> Flatten >> Linear(144, 16).Named("fc").Tap("hidden") >> Residual(Linear(16).Named("inner_fc") >> Tanh).Named("block")
                    >> Dropout(0.25) >> LeakyReLU() >> (Linear(-1 + 0 == 0 ? 8 : 8) >> ReLU) >> Linear(3);
            }
            """;
        var compilation = GeneratorHarness.Compilation(source);
        var (network, expression) = Architectures(compilation).Single();
        // The conditional argument needs binding: the whole pipeline goes to the semantic reader.
        Assert.Null(Fast(compilation, network, expression));

        var simple = GeneratorHarness.Compilation(source.Replace("Linear(-1 + 0 == 0 ? 8 : 8)", "Linear(8)", StringComparison.Ordinal));
        var (n, e) = Architectures(simple).Single();
        var fast = Fast(simple, n, e);
        Assert.NotNull(fast);
        Assert.Equal(Describe(Semantic(simple, e)!), Describe(fast!));
        Assert.Equal(Semantic(simple, e), fast);
        Assert.Equal(new[] { "Input", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "Residual", "Dropout", "LeakyReLU", "Linear", "ReLU", "Linear" }, fast!.Select(c => c.Name));
        Assert.Equal("hidden", fast[5].Tap);
        Assert.Equal("fc", fast[5].LayerName);
        Assert.Equal("block", fast[6].LayerName);
        Assert.Equal(new[] { "Linear", "Tanh" }, fast[6].Inner.Select(c => c.Name));
        Assert.Equal(new[] { "inner_fc", null }, fast[6].Inner.Select(c => c.LayerName));
    }

    private static (int Compared, int Answered) CompareAll(IEnumerable<string[]> sourceSets)
    {
        int compared = 0, answered = 0;
        foreach (var sources in sourceSets)
        {
            var compilation = GeneratorHarness.Compilation(sources);
            foreach (var (network, expression) in Architectures(compilation))
            {
                var diagnostics = new List<DiagnosticInfo>();
                var semantic = Semantic(compilation, expression, diagnostics);
                var fast = Fast(compilation, network, expression);
                compared++;
                if (fast is null) continue;
                answered++;
                Assert.True(diagnostics.Count == 0, $"The fast path read {network.Name}, where the semantic reader reports {string.Join(", ", diagnostics.Select(d => d.Descriptor.Id + " " + string.Join("|", d.Arguments)))}\nin\n{sources[0]}");
                Assert.True(semantic is not null && semantic.SequenceEqual(fast),
                    $"The fast path read {network.Name} differently from the semantic reader:\n{Describe(fast)}\nvs\n{(semantic is null ? "(nothing)" : Describe(semantic))}\nin\n{sources[0]}");
            }
        }
        return (compared, answered);
    }

    /// <summary>Every field of the calls, for a readable failure.</summary>
    private static string Describe(IEnumerable<DslCall> calls)
        => string.Join("\n", calls.Select(c => $"{c.Name}({string.Join(", ", c.Arguments.Select(a => $"{a.Parameter}={a.Value.Integer}|{a.Value.Real}|{a.Value.Text}|[{string.Join(",", a.Value.Integers)}]@{a.Location?.Span}"))}) tap={c.Tap} named={c.LayerName} @{c.Location?.Span} inner=[{Describe(c.Inner)}]"));

    private static IEnumerable<(INamedTypeSymbol Network, ExpressionSyntax Expression)> Architectures(Compilation compilation)
    {
        var layerType = compilation.GetTypeByMetadataName("DslCrossReg.Layer")!;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol network) continue;
                if (!network.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "DslCrossReg.NetworkAttribute")) continue;
                var members = ArchitectureLocator.LayerMembers(network, layerType);
                if (members.Count != 1) continue;
                if (ArchitectureLocator.DefiningExpression(members[0], CancellationToken.None) is { } expression
                    && expression.SyntaxTree == tree)
                    yield return (network, expression);
            }
        }
    }

    private static IReadOnlyList<DslCall>? Fast(Compilation compilation, INamedTypeSymbol network, ExpressionSyntax expression)
        => SyntaxPipelineReader.TryRead(expression, network,
            compilation.GetTypeByMetadataName("DslCrossReg.Layer")!, compilation.GetTypeByMetadataName("DslCrossReg.Layers")!);

    private static IReadOnlyList<DslCall>? Semantic(Compilation compilation, ExpressionSyntax expression, List<DiagnosticInfo>? diagnostics = null)
        => new PipelineReader(network: "Test", compilation,
            compilation.GetTypeByMetadataName("DslCrossReg.Layer")!, compilation.GetTypeByMetadataName("DslCrossReg.Layers")!,
            diagnostics ?? new List<DiagnosticInfo>(), CancellationToken.None).Read(expression);
}
