using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>The generated training system for every method and for combinations, compiled and pinned as snapshots.</summary>
public class SystemSnapshotTests
{
    internal const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Demo;

        [Network]
        public partial class LeftView
        {
            static Layer Architecture => Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten
                >> Linear(64) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
        }

        [Network]
        public partial class RightView
        {
            static Layer Architecture => Input(392) >> Linear(128) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
        }

        [Network]
        public partial class Mlp
        {
            static Layer Architecture => Input(20) >> Linear(16) >> ReLU >> Linear(8).Tap("embedding") >> Linear(3);
        }

        [Network]
        public partial class Critic
        {
            static Layer Architecture => Input(8) >> Linear(16) >> LeakyReLU(0.2) >> Linear(1);
        }
        """;

    private static void VerifySystem(string system, string hint, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var outcome = GeneratorHarness.Run(Networks, "using DslCrossReg;\nnamespace Demo;\n\n" + system);
        outcome.AssertClean();
        var generated = outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs"));
        Snapshot.Verify(generated.Value, hint, testMethod: test);
    }

    [Fact]
    public void Two_views_with_embedding_distance_and_contrastive_as_in_the_design_document() => VerifySystem("""
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        [CrossLoss(CrossMethod.Contrastive, 0.05, Tap = "embedding", Margin = 0.2, Form = CrossForm.Margin)]
        public partial class TwoViews
        {
            [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial LeftView Left { get; }
            [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial RightView Right { get; }
        }
        """, "TwoViews");

    [Fact]
    public void Adversarial_with_the_default_discriminator() => VerifySystem("""
        [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
        public partial class Aligned
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, Momentum = 0.9)] public partial Mlp B { get; }
        }
        """, "Aligned");

    [Fact]
    public void Adversarial_with_a_user_discriminator_and_gradient_clipping() => VerifySystem("""
        [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding", WarmupSteps = 100)]
        public partial class AlignedWithCritic
        {
            [Member(Task = TaskLoss.CrossEntropy, GradientClipNorm = 1.0)] public partial Mlp A { get; }
            [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.AdamW, WeightDecay = 0.01)] public partial Mlp B { get; }
            [Discriminator(LearningRate = 2e-4)] public partial Critic Critic { get; }
        }
        """, "AlignedWithCritic");

    [Fact]
    public void Distillation_l2_between_taps_and_kl_from_a_frozen_teacher() => VerifySystem("""
        [CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "Teacher", Student = "Student", Tap = "embedding")]
        [CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Frozen", Student = "Student", Temperature = 4)]
        public partial class Distilled
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Teacher { get; }
            [Member(Frozen = true)] public partial Mlp Frozen { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Student { get; }
        }
        """, "Distilled");

    [Fact]
    public void Diversity_against_a_frozen_reference() => VerifySystem("""
        [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = "A")]
        [CrossLoss(CrossMethod.OutputDisagreement, 0.001, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 5)]
        public partial class Diverse
        {
            [Member(Frozen = true)] public partial Mlp A { get; }
            [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-4)] public partial Mlp B { get; }
        }
        """, "Diverse");

    [Fact]
    public void Shared_standardised_outputs_on_a_shared_input() => VerifySystem("""
        [SharedInput]
        [OutputNorm(NormMethod.SharedStandardize)]
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Form = CrossForm.Cosine)]
        public partial class Normalised
        {
            [Member(Task = TaskLoss.Mse)] public partial Mlp First { get; }
            [Member(Task = TaskLoss.Mse)] public partial Mlp Second { get; }
        }
        """, "Normalised");

    [Fact]
    public void Weighted_contrastive_pairs_between_three_members() => VerifySystem("""
        [OutputNorm(NormMethod.Range)]
        [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Weighted, PositiveWeight = 0.3, NegativeWeight = 0.7, Between = new[] { "A", "C" })]
        [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Between = new[] { "A", "B" })]
        public partial class Pairs
        {
            [Member(Task = TaskLoss.Bce)] public partial Mlp A { get; }
            [Member] public partial Mlp B { get; }
            [Member(Task = TaskLoss.Bce)] public partial Mlp C { get; }
        }
        """, "Pairs");

    [Fact]
    public void Normalised_outputs_without_a_cross_term_as_in_scenario_3() => VerifySystem("""
        [SharedInput]
        [OutputNorm(NormMethod.Range)]
        public partial class RangeOnly
        {
            [Member(Task = TaskLoss.Mse)] public partial Mlp First { get; }
            [Member(Task = TaskLoss.Mse)] public partial Mlp Second { get; }
        }
        """, "RangeOnly");

    [Fact]
    public void Members_on_their_own_devices() => VerifySystem("""
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        [CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Big", Student = "Small", Temperature = 2)]
        public partial class Spread
        {
            [Member(Task = TaskLoss.CrossEntropy, Device = "cuda:1")] public partial Mlp Big { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Small { get; }
        }
        """, "Spread");

    [Fact]
    public void Members_on_their_own_tasks_without_a_cross_term() => VerifySystem("""
        [TrainingSystem]
        public partial class TasksOnly
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Classifier { get; }
            [Member(Task = TaskLoss.Mse, Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, Momentum = 0.9)] public partial Mlp Regressor { get; }
        }
        """, "TasksOnly");

    [Fact]
    public void Margin_and_info_nce_between_the_same_pair() => VerifySystem("""
        [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.2)]
        [CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding")]
        public partial class TwoContrastive
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
        }
        """, "TwoContrastive");
}
