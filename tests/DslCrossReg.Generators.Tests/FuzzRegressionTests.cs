using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// What <see cref="GeneratorFuzzTests"/> found, each reduced to a small declaration: the generator must answer with
/// the right DCR diagnostic or with nothing, and never write code that does not parse.
/// </summary>
public class FuzzRegressionTests
{
    private static void AssertNothingGenerated(GeneratorOutcome outcome)
    {
        Assert.All(outcome.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.Sources);
    }

    // Fuzz: "delete token" of a class name left `public partial class {`, which binds to a symbol named "": the
    // generator wrote `partial class  {` and `new ()`, which do not parse.
    [Fact]
    public void Network_without_a_name_is_not_generated() => AssertNothingGenerated(GeneratorHarness.Run("""
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;
        [Network]
        public partial class
        {
            static Layer Architecture => Input(8) >> Linear(4);
        }
        """));

    [Fact]
    public void System_without_a_name_is_not_generated()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, """
            using DslCrossReg;
            namespace Demo;
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """);
        Assert.Null(outcome.SystemResult.Exception);
        Assert.Empty(outcome.Diagnostics);
        Assert.DoesNotContain(outcome.Sources.Keys, k => k.EndsWith(".System.g.cs", System.StringComparison.Ordinal));
    }

    // Fuzz: "duplicate token" of a '.' in `namespace A.B;` left `namespace A. .B;`: a namespace named "", written
    // back as `namespace A..B`.
    [Fact]
    public void Network_in_a_namespace_with_a_missing_name_is_not_generated() => AssertNothingGenerated(GeneratorHarness.Run("""
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo. .Networks;
        [Network]
        public partial class Encoder
        {
            static Layer Architecture => Input(8) >> Linear(4);
        }
        """));

    // Fuzz: "replace number" turned `LearningRate = 1e-4` into `LearningRate = float.NaN`, written into the generated
    // optimizer call as the literal NaN, which does not parse. A non-finite optimizer value is now DCR0016 on it.
    [Theory]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy, LearningRate = [|float.NaN|])]", "LearningRate")]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy, LearningRate = [|double.PositiveInfinity|])]", "LearningRate")]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy, WeightDecay = [|double.NaN|])]", "WeightDecay")]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, Momentum = [|double.MaxValue * 2|])]", "Momentum")]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy, GradientClipNorm = [|double.NegativeInfinity|])]", "GradientClipNorm")]
    public void Non_finite_optimizer_value_is_DCR0016(string attribute, string name)
    {
        var (source, span) = Markup.Parse("using DslCrossReg;\nnamespace Demo;\n[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")]\n"
            + "public partial class Pair\n{\n    " + attribute + " public partial Mlp A { get; }\n"
            + "    [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }\n}\n");
        AssertDcr0016(GeneratorHarness.Run(source, SystemSnapshotTests.Networks), span, name);
    }

    [Fact]
    public void Non_finite_discriminator_learning_rate_is_DCR0016()
    {
        var (source, span) = Markup.Parse("""
            using DslCrossReg;
            namespace Demo;
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
            public partial class Aligned
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
                [Discriminator(LearningRate = [|double.NaN|])] public partial Critic Critic { get; }
            }
            """);
        AssertDcr0016(GeneratorHarness.Run(source, SystemSnapshotTests.Networks), span, "LearningRate");
    }

    private static void AssertDcr0016(GeneratorOutcome outcome, Microsoft.CodeAnalysis.Text.TextSpan span, string name)
    {
        Assert.Null(outcome.SystemResult.Exception);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("DCR0016", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains(name + " = ", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        outcome.AssertOnlyPlaceholders(".System.g.cs");
    }

    // Fuzz: "delete token" of `public` left `[Member] partial Mlp A { get; }`; the generated implementation said
    // `private partial`, and both parts of a partial property must spell the same accessibility (CS8799). The same
    // held for `protected internal`, written back as `internal`.
    [Theory]
    [InlineData("")]
    [InlineData("private")]
    [InlineData("internal")]
    [InlineData("protected internal")]
    [InlineData("internal protected")]
    [InlineData("private protected")]
    public void Member_accessibility_is_repeated_as_written(string modifiers)
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, $$"""
            using DslCrossReg;
            namespace Demo;
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
            public partial class Pair
            {
                [Member(Task = TaskLoss.CrossEntropy)] {{modifiers}} partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
                [Discriminator] {{modifiers}} partial Critic Critic { get; }
            }
            """);
        Assert.Null(outcome.SystemResult.Exception);
        Assert.Contains(outcome.Sources.Keys, k => k.EndsWith(".System.g.cs", System.StringComparison.Ordinal));
        outcome.AssertClean();
    }

    // Fuzz (long run): "duplicate token" of `public` left `public public partial Mlp A { get; }`; the user's CS1004
    // was repeated in the generated file.
    [Fact]
    public void Member_accessibility_written_twice_is_repeated_once()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, """
            using DslCrossReg;
            namespace Demo;
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Pair
            {
                [Member(Task = TaskLoss.CrossEntropy)] public public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """);
        Assert.Null(outcome.SystemResult.Exception);
        Assert.Contains(outcome.Sources.Keys, k => k.EndsWith(".System.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(outcome.Diagnostics);
        Assert.DoesNotContain(outcome.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error
            && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
    }

    // Fuzz (long run): "replace identifier" renamed a system after one of its networks, so that the two partial
    // declarations merged into one class that was both a module and a system; both halves were generated and
    // clashed (two constructors, two GeneratedCode attributes). Now DCR0032, and only the network is generated (and the
    // partial properties' placeholders).
    [Fact]
    public void Class_that_is_both_a_network_and_a_system_is_DCR0032()
    {
        var (source, span) = Markup.Parse("""
            using DslCrossReg;
            namespace Demo;
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class [|Mlp|]
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial RightView A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial RightView B { get; }
            }
            """);
        var outcome = GeneratorHarness.Run(source, SystemSnapshotTests.Networks);
        Assert.Null(outcome.SystemResult.Exception);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("DCR0032", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        // The system is not generated: only its partial properties' placeholders, so that nothing else is reported.
        outcome.AssertOnlyPlaceholders(".System.g.cs");
        Assert.DoesNotContain("ITrainingSystem", outcome.Sources["Demo.Mlp.System.g.cs"], System.StringComparison.Ordinal);
        Assert.Contains("Demo.Mlp.g.cs", outcome.Sources.Keys);
    }

    // Fuzz (placeholders): a message that quotes a string holding a line break (a tap name) went into the placeholder's
    // one-line doc comment as it was, and the rest of the line became members of the namespace.
    [Fact]
    public void Placeholder_of_a_message_quoting_several_lines_parses()
    {
        var outcome = GeneratorHarness.Run("""
            using DslCrossReg;
            using static DslCrossReg.Layers;
            namespace Demo;
            [Network]
            public partial class Multi
            {
                static Layer Architecture => Input(8) >> Linear(4).Tap("two\nlines") >> Linear(2).Tap("two\nlines");
            }
            """);
        Assert.Equal(new[] { "DCR0008" }, outcome.Diagnostics.Select(d => d.Id));
        Assert.Contains("\n", outcome.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        outcome.AssertOnlyPlaceholders();
        // The module of a valid network with such a tap had the same fault in its tap's documentation.
        GeneratorHarness.Run("""
            using DslCrossReg;
            using static DslCrossReg.Layers;
            namespace Demo;
            [Network]
            public partial class Multi
            {
                static Layer Architecture => Input(8) >> Linear(4).Tap("two\nlines") >> Linear(2);
            }
            """).AssertClean();
    }

    // Fuzz (placeholders): a broken network that is also a system got two placeholders, each declaring the same
    // constant for its message.
    [Fact]
    public void Broken_network_that_is_also_a_system_gets_two_placeholders_that_compile()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, """
            using DslCrossReg;
            using static DslCrossReg.Layers;
            namespace Demo;
            [Network]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Both
            {
                static Layer Architecture => Input(8) >> Linear(4, 2);
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """);
        Assert.Equal(new[] { "DCR0006", "DCR0032" }, outcome.Diagnostics.Select(d => d.Id).OrderBy(id => id));
        outcome.AssertOnlyPlaceholders("Both.g.cs");
        outcome.AssertOnlyPlaceholders("Both.System.g.cs");
    }

    // Fuzz (placeholders): "swap tokens" of «<T» left `class ViewsT<>`, a type parameter without a name, written back
    // into the placeholder's header as `ViewsT<>`.
    [Fact]
    public void Generic_system_with_a_half_typed_type_parameter_list_gets_no_placeholder()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, """
            using DslCrossReg;
            namespace Demo;
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class ViewsT<>
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """);
        Assert.All(outcome.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(outcome.Sources.Keys, k => k.EndsWith(".System.g.cs", System.StringComparison.Ordinal));
    }

    // Found while widening the fuzz corpus: the generator runs once per declaration that carries the attribute, so a
    // class with [Network] on two of its parts was generated twice under one hint name: ArgumentException, CS8785.
    [Fact]
    public void Network_attribute_on_two_parts_is_generated_once()
    {
        var outcome = GeneratorHarness.Run("""
            using DslCrossReg;
            using static DslCrossReg.Layers;
            namespace Demo;
            [Network]
            public partial class Encoder
            {
                static Layer Architecture => Input(8) >> Linear(4);
            }
            [Network]
            public partial class Encoder
            {
            }
            """);
        Assert.All(outcome.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(new[] { "Demo.Encoder.g.cs" }, outcome.Sources.Keys);
    }

    // The same for a system, whose terms may be spread over its parts: all of them are read, once.
    [Fact]
    public void System_with_terms_on_two_parts_is_generated_once_with_both()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, """
            using DslCrossReg;
            namespace Demo;
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Pair
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            }
            [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding")]
            public partial class Pair
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """);
        Assert.All(outcome.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.Empty(outcome.Diagnostics);
        var system = Assert.Single(outcome.Sources, s => s.Key.EndsWith(".System.g.cs", System.StringComparison.Ordinal)).Value;
        Assert.Contains("EmbeddingDistance(A,B)", system, System.StringComparison.Ordinal);
        Assert.Contains("Contrastive(A,B)", system, System.StringComparison.Ordinal);
        outcome.AssertClean();
    }
}
