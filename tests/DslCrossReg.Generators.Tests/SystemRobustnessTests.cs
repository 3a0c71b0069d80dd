using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Half-typed system declarations, as the IDE hands them to the generator on every keystroke: diagnostics or
/// nothing, never an exception (CS8785), never the internal-error diagnostic, never generated code that does not compile.
/// </summary>
public class SystemRobustnessTests
{
    private const string Members = "\n{\n    [Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n}\n";

    [Theory]
    [InlineData("[CrossLoss]")]
    [InlineData("[CrossLoss()]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance)]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, ]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, \"0.1\", Tap = \"embedding\")]")]
    [InlineData("[CrossLoss(0.1, CrossMethod.EmbeddingDistance)]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = 3)]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = null)]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"\")]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\", Between = null)]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\", Between = new string[] { null, null })]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\", Between = new[] { \"A\" })]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\", Between = [])]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\", Between = \"A\")]")]
    [InlineData("[CrossLoss(CrossMethod.Distillation, 0.1, Teacher = null, Student = null)]")]
    [InlineData("[CrossLoss(CrossMethod.Distillation, 0.1, Teacher = \"A\", Student = \"\")]")]
    [InlineData("[CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = null)]")]
    [InlineData("[CrossLoss(CrossMethod.OutputDisagreement, 0.1, Reference = \"A\", Between = new[] { \"A\" })]")]
    [InlineData("[CrossLoss((CrossMethod)(-1), 0.1, Form = (CrossForm)99)]")]
    [InlineData("[CrossLoss(CrossMethod.Contrastive, 0.1, Tap = \"embedding\", Form = (CrossForm)99)]")]
    [InlineData("[CrossLoss(CrossMethod.Contrastive, double.MaxValue, Tap = \"embedding\", Margin = double.PositiveInfinity, WarmupSteps = int.MaxValue)]")]
    [InlineData("[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")][CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")][CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")]")]
    [InlineData("[OutputNorm((NormMethod)5)][CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")]")]
    [InlineData("[OutputNorm][CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")]")]
    [InlineData("[SharedInput(1)][CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")]")]
    public void Malformed_cross_loss_attributes_never_crash_the_generator(string attributes)
        => AssertRobust(attributes + "\npublic partial class Views" + Members);

    [Theory]
    [InlineData("[Member] public partial Unknown A { get; }\n    [Member] public partial Mlp B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n    [Member] public partial Mlp A { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public static partial Mlp B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp? B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp[] B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member(Task = (TaskLoss)9, Optimizer = (OptimizerKind)(-3))] public partial Mlp B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member(LearningRate = \"fast\")] public partial Mlp B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member, Member] public partial Mlp B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Discriminator, Member] public partial Mlp B { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n    [Discriminator] public partial Unknown D { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n    [Discriminator] public partial Critic D { get; }\n    [Discriminator] public partial Critic E { get; }")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B => null!;")]
    [InlineData("[Member] public partial Mlp A { get; }\n    [Member] public partial Mlp B { get; }\n    public partial Mlp B { get => null!; }")]
    [InlineData("")]
    public void Malformed_members_never_crash_the_generator(string members)
        => AssertRobust("[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = \"embedding\")]\npublic partial class Views\n{\n    " + members + "\n}\n");

    [Fact]
    public void A_member_whose_network_is_broken_reports_only_the_network_error()
    {
        var outcome = AssertRobust("""
            [Network]
            public partial class Broken
            {
                static Layer Architecture => Input(8) >> Linear(100, 10);
            }

            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            [CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "A", Student = "B")]
            [CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "B")]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Broken B { get; }
            }
            """);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("DCR0006", diagnostic.Id);
    }

    [Fact]
    public void A_member_of_an_unresolved_type_leaves_only_the_compiler_error()
    {
        var outcome = AssertRobust("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Between = new[] { "A", "B" })]
            public partial class Views
            {
                [Member] public partial Mlp A { get; }
                [Member] public partial Mpl B { get; }
            }
            """);
        Assert.Empty(outcome.Diagnostics);
        Assert.Contains(outcome.Input.GetDiagnostics(), d => d.Id == "CS0246");
    }

    private static GeneratorOutcome AssertRobust(string system)
    {
        var source = "using DslCrossReg;\nusing static DslCrossReg.Layers;\nnamespace Demo;\n\n" + system;
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, source);
        Assert.Null(outcome.Result.Exception);
        Assert.Null(outcome.SystemResult.Exception);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id == "DCR0013");
        Assert.All(outcome.Diagnostics, d => Assert.StartsWith("DCR", d.Id));
        // Whatever was generated must not add errors of its own to the user's.
        var generatedErrors = outcome.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true);
        Assert.Empty(generatedErrors);
        return outcome;
    }
}
