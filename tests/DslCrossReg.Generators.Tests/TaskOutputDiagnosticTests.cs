using System.Globalization;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// DCR0040–DCR0044: a member's output against what its task loss, its cross terms and the system's normaliser read.
/// Each rule fires once, at its argument, with its message, on the declaration that would fail or learn nothing at
/// run time, and not on the fixed declaration.
/// </summary>
public class TaskOutputDiagnosticTests
{
    // Outputs per sample: ConvNoFlatten [16, 13, 10] (its Linear reads [16, 13, 6]); ConvClassifier [10];
    // Tagger and SmallTagger [12, 5]; ConvOnly [8, 30] (no Linear); LinearThenConv [8, 14]; OneLogit [1];
    // Scorer [1] with an [8] tap; SigmoidHead [1] through a Sigmoid; TanhHead [3] through a Tanh; ConvFeatures taps [16, 26, 12], FlatFeatures taps [4992], both return [10].
    private const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Demo;

        [Network]
        public partial class ConvNoFlatten
        {
            static Layer Architecture => Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Linear(10);
        }

        [Network]
        public partial class ConvClassifier
        {
            static Layer Architecture => Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(10);
        }

        [Network]
        public partial class Tagger
        {
            static Layer Architecture => TokenInput(12) >> Embedding(100, 16) >> Linear(5);
        }

        [Network]
        public partial class SmallTagger
        {
            static Layer Architecture => TokenInput(12) >> Embedding(50, 8) >> Linear(5);
        }

        [Network]
        public partial class ConvOnly
        {
            static Layer Architecture => Input(3, 32) >> Conv1d(8, kernel: 3);
        }

        [Network]
        public partial class LinearThenConv
        {
            static Layer Architecture => Input(3, 32) >> Linear(16) >> Conv1d(8, kernel: 3);
        }

        [Network]
        public partial class OneLogit
        {
            static Layer Architecture => Input(4) >> Linear(1);
        }

        [Network]
        public partial class Scorer
        {
            static Layer Architecture => Input(20) >> Linear(8).Tap("embedding") >> Linear(1);
        }

        [Network]
        public partial class SigmoidHead
        {
            static Layer Architecture => Input(4) >> Linear(1) >> Sigmoid;
        }

        [Network]
        public partial class TanhHead
        {
            static Layer Architecture => Input(20) >> Linear(3) >> Tanh;
        }

        [Network]
        public partial class ConvFeatures
        {
            static Layer Architecture => Input(1, 28, 14) >> Conv2d(16, kernel: 3).Tap("features") >> Flatten >> Linear(10);
        }

        [Network]
        public partial class FlatFeatures
        {
            static Layer Architecture => Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> Flatten.Tap("features") >> Linear(10);
        }
        """;

    private static string Message(string markup, string id, DiagnosticSeverity severity = DiagnosticSeverity.Error)
        => SystemDiagnosticTests.SingleAmong(Networks, markup, id, severity).GetMessage(CultureInfo.InvariantCulture);

    private static void Clean(string system)
        => GeneratorHarness.Run(SystemSnapshotTests.Networks, Networks, SystemDiagnosticTests.Prefix + system).AssertClean();

    // ---- DCR0040: a cross-entropy task needs [*, classes] ----------------------------------------------------------

    [Fact]
    public void DCR0040_cross_entropy_after_a_conv_without_flatten_names_the_linear_to_fix() => Assert.Equal(
        "System 'Digits', member 'A' (ConvNoFlatten): TaskLoss.CrossEntropy needs class logits [*, classes] but the network returns [*, 16, 13, 10]; "
        + "add Flatten before layer 3 Linear(10), so that it reads [*, 1248] and the network returns [*, 10]",
        Message("""
            [TrainingSystem]
            public partial class Digits
            {
                [Member(Task = [|TaskLoss.CrossEntropy|])] public partial ConvNoFlatten A { get; }
            }
            """, "DCR0040"));

    [Fact]
    public void DCR0040_labelled_cross_entropy_over_a_sequence_in_a_cross_loss_system() => Assert.Equal(
        "System 'Tags', member 'B' (Tagger): TaskLoss.CrossEntropyWhereLabeled needs class logits [*, classes] but the network returns [*, 12, 5]; "
        + "add Flatten before layer 1 Linear(5), so that it reads [*, 192] and the network returns [*, 5]",
        Message("""
            [CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "A")]
            public partial class Tags
            {
                [Member(Task = TaskLoss.Mse)] public partial Tagger A { get; }
                [Member(LearningRate = 0.01, Task = [|TaskLoss.CrossEntropyWhereLabeled|])] public partial Tagger B { get; }
            }
            """, "DCR0040"));

    [Theory]
    [InlineData("ConvOnly", "[*, 8, 30]")]
    // Flatten before the Linear would not reach the output: the Conv1d after it makes its own [8, 14].
    [InlineData("LinearThenConv", "[*, 8, 14]")]
    public void DCR0040_without_a_linear_to_move_asks_for_flatten_and_a_linear(string network, string output) => Assert.EndsWith(
        "returns " + output + "; end the network with Flatten >> Linear(classes)",
        Message("[TrainingSystem]\npublic partial class Signals\n{\n    [Member(Task = [|TaskLoss.CrossEntropy|])] public partial " + network + " A { get; }\n}\n", "DCR0040"));

    [Theory]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy)] public partial ConvClassifier A { get; }")]
    [InlineData("[Member(Task = TaskLoss.CrossEntropyWhereLabeled)] public partial ConvClassifier A { get; }")]
    // MSE and BCE take targets of the output's own shape, whatever its rank.
    [InlineData("[Member(Task = TaskLoss.Mse)] public partial ConvNoFlatten A { get; }")]
    [InlineData("[Member(Task = TaskLoss.Bce)] public partial Tagger A { get; }")]
    public void Not_reported_for_class_logits_or_a_loss_of_any_shape(string member) => Clean("[TrainingSystem]\npublic partial class Fixed\n{\n    " + member + "\n}\n");

    [Fact]
    public void A_frozen_member_drops_its_task_and_is_only_told_so() => Assert.StartsWith(
        "Member 'A' is frozen",
        Message("""
            [CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "A")]
            public partial class FrozenTask
            {
                [Member(Frozen = true, Task = [|TaskLoss.CrossEntropy|])] public partial ConvNoFlatten A { get; }
                [Member] public partial ConvNoFlatten B { get; }
            }
            """, "DCR0026", DiagnosticSeverity.Warning));

    // ---- DCR0041: a softmax or a normalisation over a single value -------------------------------------------------

    [Fact]
    public void DCR0041_cross_entropy_over_one_logit_warns_at_the_task() => Assert.Equal(
        "System 'Binary', member 'A' (OneLogit): TaskLoss.CrossEntropy over the single logit the network returns ([*, 1]) is always 0 and gives no gradient: "
        + "a softmax over one class is always 1; return one logit per class (at least 2), or use TaskLoss.Bce with Float32 0/1 targets for a yes/no label",
        Message("""
            [TrainingSystem]
            public partial class Binary
            {
                [Member(Task = [|TaskLoss.CrossEntropy|])] public partial OneLogit A { get; }
            }
            """, "DCR0041", DiagnosticSeverity.Warning));

    [Fact]
    public void DCR0041_kl_distillation_between_single_logits_warns_at_the_student() => Assert.Equal(
        "System 'Distilled': [CrossLoss(Distillation)] between 'T' (OneLogit) and 'S' (OneLogit) compares outputs of a single class ([*, 1]), and a softmax over one class "
        + "is always 1, so the term is constant and gives no gradient; distil a tap instead (Form = CrossForm.L2, Tap = \"...\")",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 1.0, Teacher = "T", Student = [|"S"|])]
            public partial class Distilled
            {
                [Member(Frozen = true)] public partial OneLogit T { get; }
                [Member(Task = TaskLoss.Bce)] public partial OneLogit S { get; }
            }
            """, "DCR0041", DiagnosticSeverity.Warning));

    [Fact]
    public void DCR0041_output_disagreement_between_single_logits_warns_at_the_reference() => Assert.EndsWith(
        "so the term is constant and gives no gradient; compare outputs of at least 2 classes",
        Message("""
            [CrossLoss(CrossMethod.OutputDisagreement, 0.5, Reference = [|"A"|])]
            public partial class Diverse
            {
                [Member(Frozen = true)] public partial OneLogit A { get; }
                [Member(Task = TaskLoss.Bce)] public partial OneLogit B { get; }
            }
            """, "DCR0041", DiagnosticSeverity.Warning));

    [Fact]
    public void DCR0041_standardising_a_single_value_warns_at_the_task() => Assert.Equal(
        "System 'Regression', member 'A' (OneLogit): [OutputNorm(NormMethod.Standardize)] normalises each sample's output over its last axis, which holds a single "
        + "value ([*, 1]), so TaskLoss.Mse sees a constant 0 and gives no gradient; return at least 2 values per sample, or remove [OutputNorm]",
        Message("""
            [OutputNorm(NormMethod.Standardize)]
            [TrainingSystem]
            public partial class Regression
            {
                [Member(Task = [|TaskLoss.Mse|])] public partial OneLogit A { get; }
            }
            """, "DCR0041", DiagnosticSeverity.Warning));

    [Fact]
    public void Not_reported_for_one_logit_under_bce_or_shared_standardisation_or_for_its_tap_distilled() => Clean("""
        [TrainingSystem]
        public partial class YesNo
        {
            [Member(Task = TaskLoss.Bce)] public partial OneLogit A { get; }
        }

        [CrossLoss(CrossMethod.Distillation, 1.0, Teacher = "T", Student = "S", Form = CrossForm.L2, Tap = "embedding")]
        public partial class Distilled
        {
            [Member(Frozen = true)] public partial Scorer T { get; }
            [Member(Task = TaskLoss.Bce)] public partial Scorer S { get; }
        }

        [OutputNorm(NormMethod.SharedStandardize)]
        public partial class Pooled
        {
            [Member(Task = TaskLoss.Mse)] public partial OneLogit A { get; }
            [Member(Task = TaskLoss.Mse)] public partial OneLogit B { get; }
        }
        """);

    // ---- DCR0042: a loss that takes logits after a final Sigmoid or Tanh -------------------------------------------

    [Fact]
    public void DCR0042_bce_after_a_final_sigmoid_warns_at_the_task() => Assert.Equal(
        "System 'Detector', member 'A' (SigmoidHead): TaskLoss.Bce takes logits and applies the sigmoid itself, but 'SigmoidHead' ends in Sigmoid, which bounds its "
        + "outputs [*, 1] to (0, 1), so the predicted probabilities never approach 0 or 1 and the loss never approaches 0; remove the final Sigmoid (apply it when you read predictions)",
        Message("""
            [TrainingSystem]
            public partial class Detector
            {
                [Member(Task = [|TaskLoss.Bce|])] public partial SigmoidHead A { get; }
            }
            """, "DCR0042", DiagnosticSeverity.Warning));

    [Fact]
    public void DCR0042_cross_entropy_after_a_final_tanh() => Assert.Contains(
        "TaskLoss.CrossEntropy takes logits and applies the softmax itself, but 'TanhHead' ends in Tanh, which bounds its outputs [*, 3] to (-1, 1)",
        Message("""
            [TrainingSystem]
            public partial class Bounded
            {
                [Member(Task = [|TaskLoss.CrossEntropy|])] public partial TanhHead A { get; }
            }
            """, "DCR0042", DiagnosticSeverity.Warning));

    [Fact]
    public void DCR0042_kl_distillation_from_a_teacher_that_ends_in_tanh_warns_at_the_student() => Assert.StartsWith(
        "System 'Distilled': [CrossLoss(Distillation)] between 'T' (TanhHead) and 'S' (Mlp) takes logits and applies the softmax itself, but 'TanhHead' ends in Tanh",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 1.0, Teacher = "T", Student = [|"S"|])]
            public partial class Distilled
            {
                [Member(Frozen = true)] public partial TanhHead T { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp S { get; }
            }
            """, "DCR0042", DiagnosticSeverity.Warning));

    [Fact]
    public void Not_reported_for_mse_or_for_a_normalised_task() => Clean("""
        [TrainingSystem]
        public partial class Probabilities
        {
            [Member(Task = TaskLoss.Mse)] public partial SigmoidHead A { get; }
        }

        [OutputNorm(NormMethod.Standardize)]
        [TrainingSystem]
        public partial class Normalised
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial TanhHead A { get; }
        }
        """);

    // ---- DCR0043: terms and shared standardisation compare one vector per sample -----------------------------------

    [Fact]
    public void DCR0043_embedding_distance_between_conv_taps_at_the_tap() => Assert.Equal(
        "System 'Views': [CrossLoss(EmbeddingDistance)] between 'A' (ConvFeatures) and 'B' (ConvFeatures) reads one vector per sample, [*, features], "
        + "but tap 'features' is [*, 16, 26, 12]; move the tap after a Flatten (>> Flatten.Tap(\"features\")), or to a Linear after it",
        Message("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = [|"features"|])]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial ConvFeatures A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial ConvFeatures B { get; }
            }
            """, "DCR0043"));

    // Alone: the term is dropped, so the discriminator is not also compared with a tap of no width (DCR0019).
    [Fact]
    public void DCR0043_adversarial_between_conv_taps_has_no_discriminator_width() => Assert.Contains(
        "but tap 'features' is [*, 16, 26, 12]",
        Message("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = [|"features"|])]
            public partial class Aligned
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial ConvFeatures A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial ConvFeatures B { get; }
                [Discriminator] public partial Critic D { get; }
            }
            """, "DCR0043"));

    [Fact]
    public void DCR0043_kl_distillation_between_sequences_names_the_fix_in_each_network() => Assert.Equal(
        "System 'Distilled': [CrossLoss(Distillation)] between 'T' (Tagger) and 'S' (SmallTagger) reads one vector per sample, [*, features], but the outputs are [*, 12, 5]; "
        + "in 'Tagger', add Flatten before layer 1 Linear(5), so that it reads [*, 192] and the network returns [*, 5]; "
        + "in 'SmallTagger', add Flatten before layer 1 Linear(5), so that it reads [*, 96] and the network returns [*, 5]",
        Message("""
            [CrossLoss(CrossMethod.Distillation, 1.0, Teacher = "T", Student = [|"S"|])]
            public partial class Distilled
            {
                [Member(Frozen = true)] public partial Tagger T { get; }
                [Member(Task = TaskLoss.Mse)] public partial SmallTagger S { get; }
            }
            """, "DCR0043"));

    [Fact]
    public void DCR0043_output_disagreement_between_conv_outputs_at_the_reference() => Assert.Contains(
        "but the outputs are [*, 16, 13, 10]; add Flatten before layer 3 Linear(10)",
        Message("""
            [CrossLoss(CrossMethod.OutputDisagreement, 0.5, Reference = [|"A"|])]
            public partial class Diverse
            {
                [Member(Frozen = true)] public partial ConvNoFlatten A { get; }
                [Member(Task = TaskLoss.Mse)] public partial ConvNoFlatten B { get; }
            }
            """, "DCR0043"));

    [Fact]
    public void DCR0043_shared_standardisation_of_a_conv_output_at_the_attribute() => Assert.Equal(
        "System 'Pooled': [OutputNorm(NormMethod.SharedStandardize)] reads one vector per sample, [*, features], but member 'B' (ConvNoFlatten) returns [*, 16, 13, 10]; "
        + "add Flatten before layer 3 Linear(10), so that it reads [*, 1248] and the network returns [*, 10]",
        Message("""
            [[|OutputNorm(NormMethod.SharedStandardize)|]]
            public partial class Pooled
            {
                [Member(Task = TaskLoss.Mse)] public partial ConvClassifier A { get; }
                [Member(Task = TaskLoss.Mse)] public partial ConvNoFlatten B { get; }
            }
            """, "DCR0043"));

    [Fact]
    public void Not_reported_for_vectors_and_a_tap_after_flatten() => Clean("""
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "features")]
        [CrossLoss(CrossMethod.Distillation, 1.0, Teacher = "A", Student = "B")]
        [CrossLoss(CrossMethod.OutputDisagreement, 0.5, Reference = "A")]
        public partial class Views
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial FlatFeatures A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial FlatFeatures B { get; }
        }

        [OutputNorm(NormMethod.SharedStandardize)]
        public partial class Pooled
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial ConvClassifier A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial FlatFeatures B { get; }
        }
        """);

    // ---- DCR0044: shared standardisation needs two members ---------------------------------------------------------

    [Fact]
    public void DCR0044_shared_standardisation_with_one_member_at_the_attribute() => Assert.Equal(
        "The system 'Alone' standardises with statistics shared between its members ([OutputNorm(NormMethod.SharedStandardize)]) but has one member, 'A'; "
        + "declare a second member, or use NormMethod.Standardize to standardise each output on its own",
        Message("""
            [[|OutputNorm(NormMethod.SharedStandardize)|]]
            public partial class Alone
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            }
            """, "DCR0044"));
}
