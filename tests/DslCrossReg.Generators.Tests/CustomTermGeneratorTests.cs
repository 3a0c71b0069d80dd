using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Terms of the user's own (<c>[CrossTerm]</c> methods): the generated wiring pinned as a snapshot, and one test per
/// diagnostic with its id, span and message; a declaration with an error gets a placeholder and no follow-on error.
/// </summary>
public class CustomTermGeneratorTests
{
    private const string Prefix = "using DslCrossReg;\nusing TorchSharp;\nusing static TorchSharp.torch;\nnamespace Demo;\n\n";

    private static string Declare(string methods, string system = "Views", string members = "[Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }\n    [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }")
        => "[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")]\npublic partial class " + system + "\n{\n    " + members + "\n\n    " + methods + "\n}\n";

    private static Diagnostic Single(string markup, string id, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var (source, span) = Markup.Parse(Prefix + markup);
        var outcome = GeneratorHarness.Run(source, SystemSnapshotTests.Networks);
        Assert.Null(outcome.Result.Exception);
        Assert.Null(outcome.SystemResult.Exception);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.SourceTree?.FilePath);
        if (severity == DiagnosticSeverity.Error)
        {
            outcome.AssertOnlyPlaceholders(".System.g.cs");
        }
        else
        {
            Assert.Single(outcome.Sources.Keys, k => k.EndsWith(".System.g.cs"));
            Assert.DoesNotContain(outcome.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        }
        return diagnostic;
    }

    private static string Message(string markup, string id, DiagnosticSeverity severity = DiagnosticSeverity.Error)
        => Single(markup, id, severity).GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static string Generated(string source)
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Prefix + source);
        outcome.AssertClean();
        return outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs")).Value;
    }

    [Fact]
    public void A_custom_term_with_detach_and_warm_up_beside_a_built_in_term()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Prefix + """
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class CustomViews
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }

                [CrossTerm(Weight = 0.1, Detach = nameof(Right), WarmupSteps = 50)]
                static Tensor Agreement(LeftView.Output left, RightView.Output right)
                    => 1 - torch.nn.functional.cosine_similarity(left.Embedding, right.Embedding).mean();

                [CrossTerm]
                static Tensor Logits(RightView.Output right, LeftView.Output left) => (left.Result - right.Result).pow(2).mean();
            }
            """);
        outcome.AssertClean();
        Snapshot.Verify(outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs")).Value, "CustomViews");
    }

    [Fact]
    public void A_frozen_member_may_be_read_without_detach_and_sends_no_gradient_edge()
    {
        string generated = Generated(Declare(
            "[CrossTerm(Weight = 0.5)] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();",
            members: "[Member(Frozen = true)] public partial Mlp A { get; }\n    [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }"));
        Assert.Contains("Views.Near(outputs.A, outputs.B)", generated);
        Assert.Contains("custom0 -. grad .-> B", generated);
        Assert.DoesNotContain("custom0 -. grad .-> A", generated);
        Assert.Contains("[\"Near(A,B)\"] = new string[] { \"B.task\" },", generated);
    }

    [Fact]
    public void Parameters_bind_to_members_case_insensitively_and_keep_their_order_in_the_name()
    {
        string generated = Generated(Declare("[CrossTerm] static Tensor Pull(Mlp.Output b, Mlp.Output a) => (a.Embedding - b.Embedding).abs().mean();"));
        Assert.Contains("terms.Add(\"Pull(B,A)\", custom0);", generated);
        Assert.Contains("Views.Pull(outputs.B, outputs.A)", generated);
    }

    [Fact]
    public void A_keyword_method_name_is_escaped()
    {
        string generated = Generated(Declare("[CrossTerm] static Tensor @checked(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"));
        Assert.Contains("Views.@checked(outputs.A, outputs.B)", generated);
        Assert.Contains("terms.Add(\"checked(A,B)\"", generated);
    }

    [Fact]
    public void A_custom_term_in_another_part_of_the_system_is_read_and_its_errors_are_reported_there()
    {
        string parts = Declare(string.Empty) + """

            public partial class Views
            {
                [CrossTerm(Weight = 0.5)] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();
            }
            """;
        Assert.Contains("Views.Near(outputs.A, outputs.B)", Generated(parts));

        var diagnostic = Single(Declare(string.Empty) + """

            public partial class Views
            {
                [CrossTerm(Weight = 0.5)] static Tensor Near(Mlp.Output a, Mlp.Output [|c|]) => (a.Embedding - c.Embedding).abs().mean();
            }
            """, "DCR0036");
        Assert.Equal("DCR0036", diagnostic.Id);
    }

    [Fact]
    public void The_declaration_hash_changes_with_a_custom_term_and_its_routing()
    {
        static string Hash(string generated)
        {
            const string marker = "public const string DeclarationHash = \"";
            int start = generated.IndexOf(marker, System.StringComparison.Ordinal) + marker.Length;
            return generated.Substring(start, 16);
        }
        string without = Hash(Generated(Declare(string.Empty)));
        string with = Hash(Generated(Declare("[CrossTerm] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();")));
        string detached = Hash(Generated(Declare("[CrossTerm(Detach = nameof(B))] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();")));
        // The weight is not part of the declaration, as for built-in terms: a checkpoint resumes under another weight.
        string reweighted = Hash(Generated(Declare("[CrossTerm(Weight = 0.5)] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();")));
        Assert.Equal(3, new[] { without, with, detached }.Distinct().Count());
        Assert.Equal(with, reweighted);
    }

    // ---- DCR0035: the method's signature ----------------------------------------------------------------------------

    [Fact]
    public void DCR0035_not_static() => Assert.Equal(
        "The method 'Near' cannot be a [CrossTerm]: it must be static: the generated step passes it the members' outputs",
        Message(Declare("[CrossTerm] Tensor [|Near|](Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0035"));

    [Fact]
    public void DCR0035_generic() => Single(Declare("[CrossTerm] static Tensor [|Near|]<T>(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0035");

    [Fact]
    public void DCR0035_wrong_return_type_at_the_return_type() => Assert.Equal(
        "The method 'Near' cannot be a [CrossTerm]: it must return TorchSharp.torch.Tensor (a scalar loss), not 'double'",
        Message(Declare("[CrossTerm] static [|double|] Near(Mlp.Output a, Mlp.Output b) => 0;"), "DCR0035"));

    [Fact]
    public void DCR0035_ref_parameter_at_the_parameter() => Assert.Equal(
        "The method 'Near' cannot be a [CrossTerm]: parameter 'b' is passed by reference; the members' outputs are passed by value",
        Message(Declare("[CrossTerm] static Tensor Near(Mlp.Output a, ref Mlp.Output [|b|]) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0035"));

    [Fact]
    public void DCR0035_out_parameter() => Single(Declare("[CrossTerm] static Tensor Near(Mlp.Output a, out Mlp.Output [|b|]) { b = a; return a.Embedding.sum(); }"), "DCR0035");

    [Fact]
    public void DCR0035_no_parameter() => Single(Declare("[CrossTerm] static Tensor [|Near|]() => torch.zeros(1).sum();"), "DCR0035");

    [Fact]
    public void DCR0035_a_name_a_built_in_term_already_has() => Assert.Equal(
        "The method 'EmbeddingDistance' cannot be a [CrossTerm]: the system already has a term named 'EmbeddingDistance(A,B)'; rename the method",
        Message(Declare("[CrossTerm] static Tensor [|EmbeddingDistance|](Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0035"));

    [Fact]
    public void DCR0035_a_name_the_generated_system_uses() => Single(
        Declare("[CrossTerm] static Tensor [|CrossTermTasks|](Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0035");

    // ---- DCR0036: parameters and members ----------------------------------------------------------------------------

    [Fact]
    public void DCR0036_a_parameter_that_names_no_member() => Assert.Equal(
        "[CrossTerm] Near: parameter 'c' names no member of system 'Views' (members: A, B); name each parameter after the member whose output it reads",
        Message(Declare("[CrossTerm] static Tensor Near(Mlp.Output a, Mlp.Output [|c|]) => (a.Embedding - c.Embedding).abs().mean();"), "DCR0036"));

    [Fact]
    public void DCR0036_a_parameter_that_is_not_an_output() => Assert.Equal(
        "[CrossTerm] Near: parameter 'b' has type 'TorchSharp.torch.Tensor', but it reads member 'B', whose output is 'Mlp.Output'",
        Message(Declare("[CrossTerm] static Tensor Near(Mlp.Output a, Tensor [|b|]) => (a.Embedding - b).abs().mean();"), "DCR0036"));

    [Fact]
    public void DCR0036_another_networks_output() => Assert.Equal(
        "[CrossTerm] Near: parameter 'b' has type 'Demo.RightView.Output', but it reads member 'B', whose output is 'Mlp.Output'",
        Message(Declare("[CrossTerm] static Tensor Near(Mlp.Output a, RightView.Output [|b|]) => a.Embedding.sum() + b.Embedding.sum();"), "DCR0036"));

    [Fact]
    public void DCR0036_a_member_read_twice() => Single(
        Declare("[CrossTerm] static Tensor Near(Mlp.Output a, Mlp.Output [|A|]) => (a.Embedding - A.Embedding).abs().mean();"), "DCR0036");

    // ---- DCR0037: weight and warm-up --------------------------------------------------------------------------------

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("double.NaN", "NaN")]
    [InlineData("double.PositiveInfinity", "Infinity")]
    public void DCR0037_weight_not_positive_or_not_finite(string written, string shown) => Assert.Equal(
        "[CrossTerm] Near: Weight must be positive and finite, got " + shown,
        Message(Declare("[CrossTerm(Weight = [|" + written + "|])] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0037"));

    [Fact]
    public void DCR0037_negative_warm_up() => Single(
        Declare("[CrossTerm(WarmupSteps = [|-3|])] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0037");

    [Fact]
    public void DCR0023_a_large_custom_weight_warns_and_the_system_is_generated() => Assert.Equal(
        "[CrossTerm] Near: weight 20 is large; a cross term much larger than the task losses makes the networks ignore their objectives (0.1 is a usual starting weight)",
        Message(Declare("[CrossTerm(Weight = [|20|])] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0023", DiagnosticSeverity.Warning));

    // ---- DCR0038: Detach --------------------------------------------------------------------------------------------

    [Fact]
    public void DCR0038_detach_names_no_member() => Assert.Equal(
        "[CrossTerm] Near: Detach = \"Bee\" names no member of system 'Views' (members: A, B)",
        Message(Declare("[CrossTerm(Detach = [|\"Bee\"|])] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();"), "DCR0038"));

    [Fact]
    public void DCR0038_detach_names_a_member_the_method_does_not_read() => Assert.Equal(
        "[CrossTerm] Near: Detach = \"C\" names member 'C', which the method does not read (it reads A, B)",
        Message(Declare("[CrossTerm(Detach = [|nameof(C)|])] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();",
            members: "[Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }\n    [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }\n    [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp C { get; }"), "DCR0038"));

    [Fact]
    public void DCR0038_detach_of_the_only_input() => Single(
        Declare("[CrossTerm(Detach = [|\"a\"|])] static Tensor Near(Mlp.Output a) => a.Embedding.abs().mean();"), "DCR0038");

    // ---- DCR0039: outside a system ----------------------------------------------------------------------------------

    [Fact]
    public void DCR0039_on_a_class_that_is_not_a_system() => Assert.Equal(
        "The method 'Near' is marked [CrossTerm] but 'Helpers' is not a system ([CrossLoss] or [OutputNorm] class); declare it in the system whose members it reads",
        Message("""
            public static class Helpers
            {
                [[|CrossTerm(Weight = 0.1)|]] public static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();
            }
            """, "DCR0039"));

    [Fact]
    public void DCR0039_on_a_network() => Single("""
        [Network]
        public partial class Wrapped
        {
            static Layer Architecture => DslCrossReg.Layers.Input(4) >> DslCrossReg.Layers.Linear(2);

            [[|CrossTerm|]] static Tensor Near(Mlp.Output a, Mlp.Output b) => (a.Embedding - b.Embedding).abs().mean();
        }
        """, "DCR0039");
}
