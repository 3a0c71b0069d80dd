using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// One test (or more) per system diagnostic: its id, its severity, the exact span it squiggles, its message, and
/// whether the system is still generated (warnings) or not (errors).
/// </summary>
public class SystemDiagnosticTests
{
    // Besides the snapshot networks: two topologies with the same input and output (ParameterDistance), a tap of a
    // third width, a tap of another name, and a would-be discriminator that returns two logits.
    private const string MoreNetworks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Demo;

        [Network]
        public partial class Small
        {
            static Layer Architecture => Input(4) >> Linear(2);
        }

        [Network]
        public partial class Deep
        {
            static Layer Architecture => Input(4) >> Linear(3) >> ReLU >> Linear(2);
        }

        [Network]
        public partial class Wide
        {
            static Layer Architecture => Input(20) >> Linear(16).Tap("embedding") >> Linear(3);
        }

        [Network]
        public partial class Hidden
        {
            static Layer Architecture => Input(20) >> Linear(8).Tap("hidden") >> Linear(3);
        }

        [Network]
        public partial class TwoLogits
        {
            static Layer Architecture => Input(8) >> Linear(2);
        }
        """;

    internal const string Prefix = "using DslCrossReg;\nnamespace Demo;\n\n";

    private static Diagnostic Single(string markup, string id, DiagnosticSeverity severity = DiagnosticSeverity.Error, params string[] compilerErrorsOfTheUsersCode)
        => SingleAmong(MoreNetworks, markup, id, severity, compilerErrorsOfTheUsersCode);

    /// <summary>The one diagnostic of <paramref name="markup"/> (a system beside the snapshot networks and <paramref name="networks"/>), checked as above.</summary>
    internal static Diagnostic SingleAmong(string networks, string markup, string id, DiagnosticSeverity severity, params string[] compilerErrorsOfTheUsersCode)
    {
        var (source, span) = Markup.Parse(Prefix + markup);
        var outcome = GeneratorHarness.Run(source, SystemSnapshotTests.Networks, networks);
        Assert.Null(outcome.Result.Exception);
        Assert.Null(outcome.SystemResult.Exception);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.SourceTree?.FilePath ?? diagnostic.Location.GetLineSpan().Path);
        Assert.Equal($"https://github.com/dslcrossreg/DslCrossReg/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        var systems = outcome.Sources.Keys.Where(k => k.EndsWith(".System.g.cs")).ToList();
        if (severity == DiagnosticSeverity.Error)
        {
            outcome.AssertOnlyPlaceholders(".System.g.cs", compilerErrorsOfTheUsersCode);
        }
        else
        {
            // A warning leaves the system generated, and the generated code compiles.
            Assert.Single(systems);
            Assert.DoesNotContain(outcome.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        }
        return diagnostic;
    }

    private static string Message(string markup, string id, DiagnosticSeverity severity = DiagnosticSeverity.Error, params string[] compilerErrorsOfTheUsersCode)
        => Single(markup, id, severity, compilerErrorsOfTheUsersCode).GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    // ---- DCR0014: the system class itself -------------------------------------------------------------------------

    [Fact]
    public void DCR0014_system_not_partial() => Assert.Equal(
        "The system 'Views' must be declared partial (and must be a non-generic top-level class) so that the generator can add its training code",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public class [|Views|]
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0014",
            // Partial properties in a class that is not partial: the compiler's own errors, no part can be added to fix them.
            DiagnosticSeverity.Error, "CS0751", "CS9248"));

    [Fact]
    public void DCR0014_nested_system() => Single("""
        public partial class Outer
        {
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class [|Views|]
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
        }
        """, "DCR0014");

    [Fact]
    public void DCR0014_generic_system() => Single("""
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        public partial class [|Views|]<T>
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Mlp B { get; }
        }
        """, "DCR0014");

    // ---- DCR0015: fewer than two members ----------------------------------------------------------------------------

    [Fact]
    public void DCR0015_one_member() => Assert.Equal(
        "The [CrossLoss] system 'Solo' has 1 member network(s); declare at least two partial properties of [Network] types",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class [|Solo|]
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            }
            """, "DCR0015"));

    [Fact]
    public void DCR0015_no_member_and_a_discriminator_is_not_a_member() => Assert.Contains(
        "has 0 member network(s)",
        Message("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
            public partial class [|Empty|]
            {
                [Discriminator] public partial Critic D { get; }
            }
            """, "DCR0015"));

    // ---- DCR0016: a member property that cannot be a member ---------------------------------------------------------

    [Fact]
    public void DCR0016_member_not_partial() => Assert.Equal(
        "Member 'B' of system 'Views' must be a partial, get-only instance property ('public partial Mlp B { get; }')",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public Mlp [|B|] { get; } = null!;
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_member_on_an_unknown_device() => Assert.Equal(
        "Member 'B' of system 'Views' has Device = \"gpu0\", which is not a device name (\"cpu\", \"cuda\", \"cuda:1\")",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member(Device = [|"gpu0"|])] public partial Mlp B { get; }
            }
            """, "DCR0016"));

    // The names the generated code derives from a member's name must not meet another member's or the class's own:
    // the compiler would report a second declaration (CS0102) in the generated file, where nothing can be fixed.

    [Fact]
    public void DCR0016_member_named_like_another_members_optimizer_field() => Assert.Equal(
        "Member 'LeftOptimizer' of system 'Views' would give the generated code two declarations of 'leftOptimizer': its field and member 'Left''s optimizer field; rename one of the two members",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp Left { get; }
                [Member] public partial Mlp [|LeftOptimizer|] { get; }
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_member_named_like_another_members_target() => Assert.Equal(
        "Member 'ATarget' of system 'Views' would give the generated code two declarations of 'ATarget': its input in Batch and member 'A''s target in Batch; rename one of the two members",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member] public partial Mlp [|ATarget|] { get; }
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_member_named_like_another_members_normalised_output() => Assert.Equal(
        "Member 'ANormalized' of system 'Views' would give the generated code two declarations of 'ANormalized': its output in Outputs and member 'A''s normalised output in Outputs; rename one of the two members",
        Message("""
            [OutputNorm(NormMethod.Range)]
            public partial class Views
            {
                [Member(Task = TaskLoss.Mse)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.Mse)] public partial Mlp [|ANormalized|] { get; }
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_member_named_like_a_generated_method() => Assert.Equal(
        "Member 'Step' of system 'Views' would give the generated code two declarations of 'Step': its property and a member the generated class declares itself; rename the member",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp [|Step|] { get; }
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_member_whose_field_is_its_own_name() => Assert.Equal(
        "Member 'left' of system 'Views' would give the generated code two declarations of 'left': its field and its own property; rename the member",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp [|left|] { get; }
                [Member] public partial Mlp Right { get; }
            }
            """, "DCR0016"));

    [Fact]
    public void Members_whose_names_share_a_stem_are_generated_when_their_derived_names_do_not_meet()
    {
        // Left and LeftView, A and AB, a frozen Left beside LeftOptimizer (a frozen member has no optimizer field).
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Prefix + """
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Left { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp LeftView { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member] public partial Mlp AB { get; }
            }

            [CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "Left")]
            public partial class Against
            {
                [Member(Frozen = true)] public partial Mlp Left { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp LeftOptimizer { get; }
            }
            """);
        outcome.AssertClean();
    }

    [Fact]
    public void Members_named_like_the_generated_locals_are_generated_with_fields_of_their_own()
    {
        // Step has locals fault, total and warnings, Terms total and term0, Evaluate training: a member field of one of
        // those names would be read as the local where the method names the member (CS0841, CS1503).
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Prefix + """
            [CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "Total")]
            public partial class Against
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Fault { get; }
                [Member(Frozen = true)] public partial Mlp Total { get; }
            }

            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Warnings { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Term0 { get; }
                [Member] public partial Mlp Training { get; }
            }
            """);
        outcome.AssertClean();
        Assert.Contains("private readonly global::Demo.Mlp faultNetwork;", outcome.Sources["Demo.Against.System.g.cs"], System.StringComparison.Ordinal);
        Assert.Contains("private readonly global::Demo.Mlp term0Network;", outcome.Sources["Demo.Views.System.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void DCR0016_member_with_a_setter() => Single("""
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        public partial class Views
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Mlp [|B|] { get; set; }
        }
        """, "DCR0016");

    [Fact]
    public void DCR0016_member_with_its_own_implementation_at_the_implementation() => Assert.Equal(
        "Member 'B' of system 'Views' already has an implementing declaration; the generator writes it, so declare only 'public partial Mlp B { get; }'",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
                public partial Mlp [|B|] { get => null!; }
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_member_type_is_not_a_network_at_the_type() => Assert.Equal(
        "Member 'B' of system 'Views' has type 'string', which is not a [Network] class",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial [|string|] B { get; }
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_discriminator_that_returns_two_logits() => Assert.Equal(
        "Member 'D' of system 'Aligned' is the discriminator, so its network must return one logit per sample ([*, 1]); it returns [*, 2]",
        Message("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
            public partial class Aligned
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
                [Discriminator] public partial TwoLogits [|D|] { get; }
            }
            """, "DCR0016"));

    [Fact]
    public void DCR0016_optimizer_cast_out_of_range_at_the_argument() => Assert.Equal(
        "Member 'B' of system 'Views' has Optimizer = 7, which is not an OptimizerKind value",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member(Optimizer = [|(OptimizerKind)7|])] public partial Mlp B { get; }
            }
            """, "DCR0016"));

    // ---- DCR0017: unknown member names ------------------------------------------------------------------------------

    [Fact]
    public void DCR0017_unknown_name_in_between_at_the_element() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)] Between names 'C', which is not a member of system 'Views' (members: A, B)",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Between = new[] { "A", [|"C"|] })]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0017"));

    [Fact]
    public void DCR0017_unknown_name_in_a_between_collection_expression() => Single("""
        [CrossLoss(CrossMethod.Contrastive, 0.1, Tap = "embedding", Between = ["A", [|"b"|]])]
        public partial class Views
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Mlp B { get; }
        }
        """, "DCR0017");

    [Fact]
    public void DCR0017_unknown_teacher() => Assert.Equal(
        "[CrossLoss(Distillation)] Teacher names 'Master', which is not a member of system 'Distilled' (members: A, B)",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 0.1, Teacher = [|"Master"|], Student = "B")]
            public partial class Distilled
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0017"));

    [Fact]
    public void DCR0017_unknown_student() => Assert.StartsWith(
        "[CrossLoss(Distillation)] Student names 'Pupil'",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "A", Student = [|"Pupil"|])]
            public partial class Distilled
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0017"));

    [Fact]
    public void DCR0017_unknown_reference() => Assert.Equal(
        "[CrossLoss(ParameterDistance)] Reference names 'Base', which is not a member of system 'Diverse' (members: A, B)",
        Message("""
            [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = [|"Base"|])]
            public partial class Diverse
            {
                [Member(Frozen = true)] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0017"));

    // ---- DCR0018: unknown tap ---------------------------------------------------------------------------------------

    [Fact]
    public void DCR0018_member_without_the_tap() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: member 'B' (Critic) has no tap 'embedding' (its taps: none)",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = [|"embedding"|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Critic B { get; }
            }
            """, "DCR0018"));

    [Fact]
    public void DCR0018_misspelt_tap_lists_the_taps() => Assert.Equal(
        "[CrossLoss(Contrastive)]: member 'A' (Mlp) has no tap 'hidden' (its taps: 'embedding')",
        Message("""
            [CrossLoss(CrossMethod.Contrastive, 0.1, Tap = [|"hidden"|], Between = new[] { "A", "B" })]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Hidden B { get; }
            }
            """, "DCR0018"));

    [Fact]
    public void DCR0018_a_member_in_several_pairs_is_reported_once() => Single("""
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = [|"embedding"|])]
        public partial class Three
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Critic B { get; }
            [Member] public partial Mlp C { get; }
        }
        """, "DCR0018");

    // ---- DCR0019: compared tensors of different widths --------------------------------------------------------------

    [Fact]
    public void DCR0019_embedding_distance_between_taps_of_different_widths() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: tap 'embedding' is [*, 32] on 'A' but [*, 8] on 'B'",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = [|"embedding"|])]
            public partial class Views
            {
                [Member] public partial LeftView A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0019"));

    [Fact]
    public void DCR0019_contrastive_between_taps_of_different_widths() => Assert.Equal(
        "[CrossLoss(Contrastive)]: tap 'embedding' is [*, 8] on 'A' but [*, 16] on 'B'",
        Message("""
            [CrossLoss(CrossMethod.Contrastive, 0.1, Tap = [|"embedding"|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Wide B { get; }
            }
            """, "DCR0019"));

    [Fact]
    public void DCR0019_l2_distillation_between_taps_of_different_widths() => Assert.Equal(
        "[CrossLoss(Distillation)]: tap 'embedding' is [*, 16] on 'T' but [*, 8] on 'S'",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "T", Student = "S", Tap = [|"embedding"|])]
            public partial class Distilled
            {
                [Member] public partial Wide T { get; }
                [Member] public partial Mlp S { get; }
            }
            """, "DCR0019"));

    [Fact]
    public void DCR0019_kl_distillation_between_outputs_of_different_widths_at_the_student() => Assert.Equal(
        "[CrossLoss(Distillation)]: outputs of 'T' [*, 10] and 'S' [*, 3] differ",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "T", Student = [|"S"|])]
            public partial class Distilled
            {
                [Member] public partial RightView T { get; }
                [Member] public partial Mlp S { get; }
            }
            """, "DCR0019"));

    [Fact]
    public void DCR0019_user_discriminator_of_the_wrong_input_width_at_the_discriminator() => Assert.Equal(
        "Aligned: the discriminator 'D' takes inputs of width 8 but the Adversarial taps have width 32",
        Message("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
            public partial class Aligned
            {
                [Member] public partial LeftView A { get; }
                [Member] public partial RightView B { get; }
                [Discriminator] public partial Critic [|D|] { get; }
            }
            """, "DCR0019"));

    [Fact]
    public void DCR0019_adversarial_terms_sharing_one_discriminator_over_different_widths() => Assert.Equal(
        "Aligned: the Adversarial terms share one discriminator but compare taps of widths 8 and 32",
        Message("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding", Between = new[] { "A", "B" })]
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding", Between = new[] { "C", "D" })]
            public partial class [|Aligned|]
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
                [Member] public partial LeftView C { get; }
                [Member] public partial RightView D { get; }
            }
            """, "DCR0019"));

    [Fact]
    public void DCR0019_shared_input_with_members_of_different_input_shapes_at_the_attribute() => Assert.Equal(
        "Shared: [SharedInput] needs every member to take the same input shape, got A [*, 20], B [*, 392], C [*, 1, 28, 14]",
        Message("""
            [[|SharedInput|]]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Between = new[] { "B", "C" })]
            public partial class Shared
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial RightView B { get; }
                [Member] public partial LeftView C { get; }
            }
            """, "DCR0019"));

    // ---- DCR0020: ParameterDistance between different topologies ----------------------------------------------------

    [Fact]
    public void DCR0020_parameter_distance_between_different_topologies() => Assert.Equal(
        "[CrossLoss(ParameterDistance)]: 'A' and 'B' must have the same layers on the same shapes to compare parameters ([*, 4] >> Linear(2) vs [*, 4] >> Linear(3) >> ReLU >> Linear(2))",
        Message("""
            [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = [|"A"|])]
            public partial class Diverse
            {
                [Member(Frozen = true)] public partial Small A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Deep B { get; }
            }
            """, "DCR0020"));

    [Fact]
    public void DCR0020_parameter_distance_between_layers_named_differently()
    {
        // ParameterDistance pairs parameters by name: 'head.weight' has no partner in a network whose layer is 'output'.
        const string named = """
            using DslCrossReg;
            using static DslCrossReg.Layers;

            namespace Demo;

            [Network]
            public partial class Headed
            {
                static Layer Architecture => Input(4) >> Linear(3).Named("hidden") >> ReLU >> Linear(2).Named("head");
            }

            [Network]
            public partial class Renamed
            {
                static Layer Architecture => Input(4) >> Linear(3).Named("hidden") >> ReLU >> Linear(2).Named("output");
            }
            """;
        var diagnostic = SingleAmong(named, """
            [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = [|"A"|])]
            public partial class Diverse
            {
                [Member(Frozen = true)] public partial Headed A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Renamed B { get; }
            }
            """, "DCR0020", DiagnosticSeverity.Error);
        Assert.Equal(
            "[CrossLoss(ParameterDistance)]: 'A' and 'B' must have the same layers on the same shapes to compare parameters "
            + "([*, 4] >> Linear(3).Named(\"hidden\") >> ReLU >> Linear(2).Named(\"head\") vs [*, 4] >> Linear(3).Named(\"hidden\") >> ReLU >> Linear(2).Named(\"output\"))",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DCR0020_parameter_distance_between_layers_named_after_different_taps()
    {
        // A tapped layer is named after its tap: 'hidden.weight' and 'features.weight' do not pair either.
        const string tapped = """
            using DslCrossReg;
            using static DslCrossReg.Layers;

            namespace Demo;

            [Network]
            public partial class Hiding
            {
                static Layer Architecture => Input(4) >> Linear(3).Tap("hidden") >> ReLU >> Linear(2);
            }

            [Network]
            public partial class Featuring
            {
                static Layer Architecture => Input(4) >> Linear(3).Tap("features") >> ReLU >> Linear(2);
            }
            """;
        var diagnostic = SingleAmong(tapped, """
            [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = [|"A"|])]
            public partial class Diverse
            {
                [Member(Frozen = true)] public partial Hiding A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Featuring B { get; }
            }
            """, "DCR0020", DiagnosticSeverity.Error);
        Assert.EndsWith(
            "([*, 4] >> Linear(3).Named(\"hidden\") >> ReLU >> Linear(2) vs [*, 4] >> Linear(3).Named(\"features\") >> ReLU >> Linear(2))",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    // ---- DCR0021: teacher = student ---------------------------------------------------------------------------------

    [Fact]
    public void DCR0021_teacher_is_the_student() => Assert.Equal(
        "[CrossLoss(Distillation)]: the teacher and the student are both 'A'; distillation needs two different members",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "A", Student = [|"A"|])]
            public partial class Distilled
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0021"));

    // ---- DCR0022 / DCR0023: weights ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("-0.5", "-0.5")]
    [InlineData("double.NaN", "NaN")]
    [InlineData("double.PositiveInfinity", "Infinity")]
    [InlineData("-1e-9", "-1E-09")]
    public void DCR0022_negative_or_non_finite_weight_at_the_weight(string written, string shown) => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: the weight must be finite and not negative, got " + shown,
        Message("[CrossLoss(CrossMethod.EmbeddingDistance, [|" + written + "|], Tap = \"embedding\")]\n"
                + "public partial class Views\n{\n    [Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n}", "DCR0022"));

    [Fact]
    public void DCR0022_named_weight_argument() => Single("""
        [CrossLoss(weight: [|-2|], method: CrossMethod.EmbeddingDistance, Tap = "embedding")]
        public partial class Views
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Mlp B { get; }
        }
        """, "DCR0022");

    [Fact]
    public void DCR0023_weight_above_ten_warns_and_the_system_is_still_generated() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: weight 25 is large; a cross term much larger than the task losses makes the networks ignore their objectives (0.1 is a usual starting weight)",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, [|25|], Tap = "embedding")]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """, "DCR0023", DiagnosticSeverity.Warning));

    [Fact]
    public void A_weight_of_exactly_ten_is_not_reported()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Prefix + """
            [CrossLoss(CrossMethod.EmbeddingDistance, 10, Tap = "embedding")]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """);
        outcome.AssertClean();
    }

    // ---- DCR0024: invalid term parameters ---------------------------------------------------------------------------

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-2", "-2")]
    [InlineData("double.NaN", "NaN")]
    [InlineData("double.PositiveInfinity", "Infinity")]
    public void DCR0024_temperature_not_positive(string written, string shown) => Assert.Equal(
        "[CrossLoss(Distillation)]: Temperature must be positive and finite, got " + shown,
        Message("[CrossLoss(CrossMethod.Distillation, 0.1, Teacher = \"A\", Student = \"B\", Temperature = [|" + written + "|])]\n"
                + "public partial class Distilled\n{\n    [Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n}", "DCR0024"));

    [Fact]
    public void DCR0024_infonce_temperature_zero() => Single("""
        [CrossLoss(CrossMethod.Contrastive, 0.1, Tap = "embedding", Temperature = [|0|])]
        public partial class Views
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Mlp B { get; }
        }
        """, "DCR0024");

    [Fact]
    public void DCR0024_negative_epsilon() => Assert.Equal(
        "[CrossLoss(ParameterDistance)]: Epsilon must be positive and finite, got -1E-06",
        Message("""
            [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = "A", Epsilon = [|-1e-6|])]
            public partial class Diverse
            {
                [Member(Frozen = true)] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0024"));

    [Fact]
    public void DCR0024_negative_warmup() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: WarmupSteps must be 0 or more, got -5",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", WarmupSteps = [|-5|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0024"));

    [Fact]
    public void DCR0024_negative_weight_of_dissimilar_pairs_names_that_weight() => Assert.Equal(
        "[CrossLoss(Contrastive)]: NegativeWeight must be finite and not negative, got -0.7",
        Message("""
            [CrossLoss(CrossMethod.Contrastive, 0.1, Tap = "embedding", Form = CrossForm.Weighted, PositiveWeight = 0.3, NegativeWeight = [|-0.7|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0024"));

    [Fact]
    public void DCR0024_nan_weight_of_similar_pairs_reports_its_own_value() => Assert.Equal(
        "[CrossLoss(Contrastive)]: PositiveWeight must be finite and not negative, got NaN",
        Message("""
            [CrossLoss(CrossMethod.Contrastive, 0.1, Tap = "embedding", Form = CrossForm.Weighted, PositiveWeight = [|double.NaN|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0024"));

    [Fact]
    public void DCR0024_output_norm_epsilon_at_the_argument() => Assert.Equal(
        "[OutputNorm]: Epsilon must be positive and finite, got 0",
        Message("""
            [OutputNorm(NormMethod.Standardize, Epsilon = [|0|])]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member(Task = TaskLoss.Mse)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.Mse)] public partial Mlp B { get; }
            }
            """, "DCR0024"));

    [Fact]
    public void DCR0024_method_cast_out_of_range() => Assert.Equal(
        "[CrossLoss(42)]: the method must be one of EmbeddingDistance, Adversarial, Distillation, ParameterDistance, OutputDisagreement, Contrastive, got 42",
        Message("""
            [CrossLoss([|(CrossMethod)42|], 0.1)]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0024"));

    // ---- DCR0025: negative margin -----------------------------------------------------------------------------------

    [Theory]
    [InlineData("-0.1", "-0.1")]
    [InlineData("double.NaN", "NaN")]
    public void DCR0025_negative_margin(string written, string shown) => Assert.Equal(
        "[CrossLoss(Contrastive)]: the margin must not be negative, got " + shown,
        Message("[CrossLoss(CrossMethod.Contrastive, 0.1, Tap = \"embedding\", Form = CrossForm.Margin, Margin = [|" + written + "|])]\n"
                + "public partial class Views\n{\n    [Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n}", "DCR0025"));

    [Fact]
    public void DCR0024_infinite_margin_found_by_the_fuzz_test() => Assert.Equal(
        "[CrossLoss(Contrastive)]: Margin must be finite and not negative, got Infinity",
        Message("[CrossLoss(CrossMethod.Contrastive, 0.1, Tap = \"embedding\", Form = CrossForm.Margin, Margin = [|double.PositiveInfinity|])]\n"
                + "public partial class Views\n{\n    [Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n}", "DCR0024"));

    // ---- DCR0026: frozen member with a task loss --------------------------------------------------------------------

    [Fact]
    public void DCR0026_frozen_member_with_a_task_warns_at_the_task_and_the_system_is_still_generated() => Assert.Equal(
        "Member 'A' is frozen, so its task loss CrossEntropy is never trained; remove the task or unfreeze the member",
        Message("""
            [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = "A")]
            public partial class Diverse
            {
                [Member(Frozen = true, Task = [|TaskLoss.CrossEntropy|])] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """, "DCR0026", DiagnosticSeverity.Warning));

    // ---- DCR0027: form of another method ----------------------------------------------------------------------------

    [Fact]
    public void DCR0027_form_of_another_method() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: Form = Kl is not a form of EmbeddingDistance (its forms: Euclidean, Cosine)",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Form = [|CrossForm.Kl|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0027"));

    [Fact]
    public void DCR0027_adversarial_has_no_forms() => Assert.Equal(
        "[CrossLoss(Adversarial)]: Form = Cosine is not a form of Adversarial (its forms: none)",
        Message("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding", Form = [|CrossForm.Cosine|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0027"));

    // ---- DCR0028: missing Tap / Teacher / Reference / pairs ---------------------------------------------------------

    [Fact]
    public void DCR0028_missing_tap_at_the_attribute_name() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: EmbeddingDistance compares taps: name one with Tap = \"...\"",
        Message("""
            [[|CrossLoss|](CrossMethod.EmbeddingDistance, 0.1)]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0028"));

    [Fact]
    public void DCR0028_l2_distillation_without_a_tap() => Assert.Equal(
        "[CrossLoss(Distillation)]: Distillation (L2 form) compares taps: name one with Tap = \"...\"",
        Message("""
            [[|CrossLoss|](CrossMethod.Distillation, 0.1, Form = CrossForm.L2, Teacher = "A", Student = "B")]
            public partial class Distilled
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0028"));

    [Fact]
    public void DCR0028_missing_teacher() => Assert.Equal(
        "[CrossLoss(Distillation)]: name the members with Teacher = \"...\" and Student = \"...\"",
        Message("""
            [[|CrossLoss|](CrossMethod.Distillation, 0.1, Student = "B")]
            public partial class Distilled
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0028"));

    [Fact]
    public void DCR0028_missing_reference() => Assert.Equal(
        "[CrossLoss(OutputDisagreement)]: name the member the others are pushed away from with Reference = \"...\"",
        Message("""
            [[|CrossLoss|](CrossMethod.OutputDisagreement, 0.01)]
            public partial class Diverse
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0028"));

    [Fact]
    public void DCR0028_empty_between_at_the_between() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: the term applies to no pair of members",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Between = [|new string[0]|])]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0028"));

    // ---- DCR0029: duplicate terms -----------------------------------------------------------------------------------

    [Fact]
    public void DCR0029_the_same_term_twice_at_the_second_attribute() => Assert.Equal(
        "The term 'EmbeddingDistance(A,B)' is declared twice in system 'Views', both with form Euclidean and tap 'embedding'; two terms of one method "
        + "between the same members must differ in Form or Tap, so merge them into one with the combined weight or change one's Form or Tap",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            [[|CrossLoss(CrossMethod.EmbeddingDistance, 0.2, Tap = "embedding", Form = CrossForm.Euclidean)|]]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0029"));

    [Fact]
    public void DCR0029_a_duplicate_of_a_second_term_names_that_term() => Assert.StartsWith(
        "The term 'Contrastive.Margin(A,B)' is declared twice in system 'Views', both with form Margin and tap 'embedding';",
        Message("""
            [CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding")]
            [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin)]
            [[|CrossLoss(CrossMethod.Contrastive, 0.3, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.5)|]]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0029"));

    [Fact]
    public void DCR0029_terms_without_a_tap_differ_only_by_form() => Assert.StartsWith(
        "The term 'OutputDisagreement(A,B)' is declared twice in system 'Views', both with form NegativeCrossEntropy and no tap;",
        Message("""
            [CrossLoss(CrossMethod.OutputDisagreement, 0.1, Reference = "A", Form = CrossForm.NegativeCrossEntropy)]
            [[|CrossLoss(CrossMethod.OutputDisagreement, 0.2, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3)|]]
            public partial class Views
            {
                [Member(Frozen = true)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """, "DCR0029"));

    [Fact]
    public void DCR0029_not_reported_for_two_forms_or_two_taps_of_one_method()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, MoreNetworks, TwoTaps, Prefix + """
            [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin)]
            [CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding")]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "hidden")]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial TwoTaps A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial TwoTaps B { get; }
            }
            """);
        outcome.AssertClean();
    }

    /// <summary>A network with two taps of the same width.</summary>
    internal const string TwoTaps = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Demo;

        [Network]
        public partial class TwoTaps
        {
            static Layer Architecture => Input(20) >> Linear(8).Tap("embedding") >> Tanh >> Linear(8).Tap("hidden") >> Linear(3);
        }
        """;

    // ---- DCR0030: a member listed twice in Between ----------------------------------------------------------------

    [Fact]
    public void DCR0030_a_member_listed_twice_at_the_second_mention() => Assert.Equal(
        "[CrossLoss(EmbeddingDistance)]: Between lists 'A' twice; a term compares two different members",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Between = new[] { "A", [|"A"|] })]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0030"));

    // ---- DCR0032: a class that is both a network and a system -------------------------------------------------------

    [Fact]
    public void DCR0032_class_that_is_also_a_network_at_its_name() => Assert.Equal(
        "The class 'Both' is both a [Network] and a system ([TrainingSystem], [CrossLoss] or [OutputNorm]); a system's members are networks, so declare the system as a class of its own",
        Message("""
            [Network]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class [|Both|]
            {
                static Layer Architecture => Layers.Input(8) >> Layers.Linear(4);
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
            }
            """, "DCR0032"));

    // ---- Systems without cross terms: [TrainingSystem], DCR0033, DCR0034 ------------------------------------------

    [Theory]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }\n    [Member(Task = TaskLoss.Mse)] public partial Mlp B { get; }")]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Single { get; }")]
    [InlineData("[Member(Frozen = true)] public partial Mlp Reference { get; }\n    [Member(Task = TaskLoss.Bce)] public partial Mlp Trained { get; }")]
    public void A_training_system_without_cross_terms_is_generated_with_no_diagnostic(string members)
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Prefix + "[TrainingSystem]\npublic partial class Tasks\n{\n    " + members + "\n}\n");
        outcome.AssertClean();
        string generated = outcome.Sources["Demo.Tasks.System.g.cs"];
        Assert.DoesNotContain("/// Placeholder: ", generated, System.StringComparison.Ordinal);
        Assert.Contains("public partial class Tasks : global::DslCrossReg.Training.ITrainingSystem<Tasks, Tasks.Batch, Tasks.Outputs>", generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_training_system_with_cross_terms_or_a_normaliser_is_generated_once()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Prefix + """
            [TrainingSystem]
            [OutputNorm(NormMethod.Standardize)]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member(Task = TaskLoss.Mse)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.Mse)] public partial Mlp B { get; }
            }

            [OutputNorm(NormMethod.Range)]
            [TrainingSystem]
            public partial class Normalised
            {
                [Member(Task = TaskLoss.Mse)] public partial Mlp A { get; }
            }
            """);
        outcome.AssertClean();
        Assert.Contains("EmbeddingDistance(A,B)", outcome.Sources["Demo.Views.System.g.cs"], System.StringComparison.Ordinal);
        Assert.Contains("Normalizers.Range(", outcome.Sources["Demo.Normalised.System.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void DCR0015_still_asks_a_cross_term_for_two_members_in_a_training_system() => Assert.StartsWith(
        "The [CrossLoss] system 'Solo' has 1 member network(s)",
        Message("""
            [TrainingSystem]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class [|Solo|]
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            }
            """, "DCR0015"));

    [Fact]
    public void DCR0033_training_system_without_members_at_its_name() => Assert.Equal(
        "The system 'Empty' has no member network; declare a partial property of a [Network] type, e.g. '[Member(Task = TaskLoss.CrossEntropy)] public partial MyNetwork A { get; }'",
        Message("""
            [TrainingSystem]
            public partial class [|Empty|]
            {
                public int NotAMember { get; }
            }
            """, "DCR0033"));

    [Fact]
    public void DCR0033_a_normalised_system_whose_only_property_is_a_discriminator() => Single("""
        [OutputNorm(NormMethod.Range)]
        public partial class [|Empty|]
        {
            [Discriminator] public partial Critic D { get; }
        }
        """, "DCR0033");

    [Fact]
    public void DCR0034_no_member_has_a_task_at_the_name() => Assert.Equal(
        "The system 'Untrained' has nothing to train: it declares no cross term and no member has a task loss; give a member a task loss ([Member(Task = TaskLoss.CrossEntropy)]) or declare a [CrossLoss] term",
        Message("""
            [TrainingSystem]
            public partial class [|Untrained|]
            {
                [Member] public partial Mlp A { get; }
                [Member(Frozen = true)] public partial Mlp B { get; }
            }
            """, "DCR0034"));

    [Fact]
    public void DCR0034_every_member_frozen() => Assert.Contains(
        "no cross term and every member is frozen;",
        Message("""
            [TrainingSystem]
            public partial class [|Frozen|]
            {
                [Member(Frozen = true)] public partial Mlp A { get; }
            }
            """, "DCR0034"));

    [Fact]
    public void DCR0034_a_normalised_system_without_task_losses() => Single("""
        [OutputNorm(NormMethod.SharedStandardize)]
        public partial class [|Normalised|]
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Mlp B { get; }
        }
        """, "DCR0034");

    [Fact]
    public void DCR0034_not_reported_when_a_member_is_broken() => Single("""
        [TrainingSystem]
        public partial class Views
        {
            [Member(Task = [|(TaskLoss)9|])] public partial Mlp A { get; }
        }
        """, "DCR0016");

    [Fact]
    public void DCR0014_training_system_not_partial() => Assert.Equal(
        "The system 'Views' must be declared partial (and must be a non-generic top-level class) so that the generator can add its training code",
        Message("""
            [TrainingSystem]
            public class [|Views|]
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            }
            """, "DCR0014", DiagnosticSeverity.Error, "CS0751", "CS9248"));

    [Fact]
    public void DCR0031_a_discriminator_in_a_training_system() => Single("""
        [TrainingSystem]
        public partial class Views
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            [Discriminator] public partial Critic [|D|] { get; }
        }
        """, "DCR0031");

    [Fact]
    public void DCR0032_a_training_system_that_is_also_a_network() => Single("""
        [Network]
        [TrainingSystem]
        public partial class [|Both|]
        {
            static Layer Architecture => Layers.Input(8) >> Layers.Linear(4);
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
        }
        """, "DCR0032");

    // ---- DCR0031: a discriminator nothing uses --------------------------------------------------------------------

    [Fact]
    public void DCR0031_a_discriminator_without_an_adversarial_term_at_the_property() => Assert.Equal(
        "'D' is marked [Discriminator] but system 'Views' has no Adversarial term, so it would never be trained nor used",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mlp B { get; }
                [Discriminator] public partial Critic [|D|] { get; }
            }
            """, "DCR0031"));

    [Fact]
    public void DCR0031_not_reported_when_the_adversarial_term_has_errors_of_its_own() => Single("""
        [CrossLoss(CrossMethod.Adversarial, [|-1|], Tap = "embedding")]
        public partial class Views
        {
            [Member] public partial Mlp A { get; }
            [Member] public partial Mlp B { get; }
            [Discriminator] public partial Critic D { get; }
        }
        """, "DCR0022");
}
