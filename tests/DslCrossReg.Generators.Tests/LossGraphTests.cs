using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>The generated Mermaid loss graph draws the gradient routes the generated step takes, and no others.</summary>
public class LossGraphTests
{
    private static string Graph(string system)
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, "using DslCrossReg;\nnamespace Demo;\n\n" + system);
        outcome.AssertClean();
        string generated = outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs")).Value;
        int start = generated.IndexOf("LossGraph { get; } =", System.StringComparison.Ordinal);
        return generated.Substring(start);
    }

    [Theory]
    [InlineData("0.1", true)]
    [InlineData("0.0", false)]
    public void A_term_sends_gradient_edges_only_when_its_weight_is_not_zero(string weight, bool edges)
    {
        string graph = Graph($$"""
            [CrossLoss(CrossMethod.EmbeddingDistance, {{weight}}, Tap = "embedding")]
            public partial class Pair
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            }
            """);
        Assert.Contains("A -- Embedding --> term0", graph);
        Assert.Equal(edges, graph.Contains("term0 -. grad .-> A", System.StringComparison.Ordinal));
        Assert.Equal(edges, graph.Contains("term0 -. grad .-> B", System.StringComparison.Ordinal));
        // The task losses train their members whatever the cross weight.
        Assert.Contains("A_task -. grad .-> A", graph);
    }

    [Fact]
    public void A_user_discriminator_is_labelled_with_its_property_name()
    {
        string graph = Graph("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
            public partial class Aligned
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
                [Discriminator] public partial Critic Judge { get; }
            }
            """);
        Assert.Contains("Discriminator[\\\"Judge: Critic<br/>", graph);
    }
}
