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
}
