using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// A declaration with an error still generates a placeholder of its type, so that the code that uses it keeps
/// compiling and the only errors are the DCR ones at the cause: no CS9248 on the system's partial properties, no
/// CS0117/CS0426/CS1674/CS1739 where the network and the system are used. The program below uses every generated
/// member an editor's user reaches for first (the IDE check's consumer, and a training step).
/// </summary>
public class PlaceholderTests
{
    private const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Consumer;

        [Network]
        public partial class LeftView
        {
            static Layer Architecture =>
                Input(392)
                >> Linear(128) >> ReLU
                >> Linear(128, 64) >> ReLU
                >> Linear(32).Tap("embedding")
                >> Linear(10);
        }

        [Network]
        public partial class RightView
        {
            static Layer Architecture => Input(392) >> Linear(128) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
        }
        """;

    private const string Systems = """
        using DslCrossReg;

        namespace Consumer;

        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        public partial class TwoViews
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
        }
        """;

    private const string Program = """
        using System;
        using TorchSharp;

        namespace Consumer;

        public static class Program
        {
            public static void Main()
            {
                using var net = new LeftView();
                int width = LeftView.EmbeddingSize + LeftView.OutputSize;
                LeftView.Output output = net.forward(torch.zeros(2, 392));
                torch.Tensor embedding = output.Embedding;
                Console.WriteLine(width + " " + embedding.shape[1]);
                using var system = new TwoViews(seed: 1);
                var batch = new TwoViews.Batch(torch.zeros(2, 392), torch.zeros(2, 392), LeftTarget: torch.zeros(2, torch.int64), RightTarget: torch.zeros(2, torch.int64));
                var result = system.Step(batch);
                TwoViews.Outputs outputs = system.Evaluate(batch);
                LeftView left = system.Left;
                Console.WriteLine(result + " " + outputs.Right.Embedding + " " + left + " " + TwoViews.LossGraph + " " + system.StepCount);
            }
        }
        """;

    [Fact]
    public void The_consumer_compiles_cleanly_when_nothing_is_wrong()
        => GeneratorHarness.Run(Networks, Systems, Program).AssertClean();

    [Theory]
    [InlineData("Linear(128, 64)", "Linear(100, 64)", "DCR0006", 32)]
    [InlineData("Linear(128, 64)", "Linear(127, 64)", "DCR0006", 32)]
    [InlineData("Linear(128, 64)", "Linear(64, 64)", "DCR0006", 32)]
    [InlineData("Linear(128) >> ReLU\n        >> Linear(128, 64)", "Linear(128) >> ReLU\n        >> Linear(0)", "DCR0007", 32)]
    [InlineData("Linear(128) >> ReLU\n        >> Linear(128, 64)", "Linear(128) >> Dropout(1.5)\n        >> Linear(128, 64)", "DCR0007", 32)]
    // The first 'embedding' tap is the one the placeholder keeps.
    [InlineData("Input(392)\n        >> Linear(128)", "Input(392)\n        >> Linear(128).Tap(\"embedding\")", "DCR0008", 128)]
    public void A_broken_network_leaves_only_its_DCR_error(string old, string replacement, string id, int embeddingSize)
    {
        string networks = Networks.Replace(old, replacement);
        Assert.NotEqual(Networks, networks);
        var outcome = GeneratorHarness.Run(networks, Systems, Program);
        Assert.Equal(new[] { id }, outcome.Diagnostics.Select(d => d.Id));
        outcome.AssertOnlyPlaceholders("LeftView.g.cs");
        // Past the broken layer the shapes go on from what the layers declare: the tap is still 32 wide.
        string placeholder = outcome.Sources["Consumer.LeftView.g.cs"];
        Assert.Contains("public const int EmbeddingSize = " + embeddingSize + ";", placeholder, System.StringComparison.Ordinal);
        Assert.Contains(id + ": ", placeholder, System.StringComparison.Ordinal);
        // The system over it is not generated either (its member is broken), but its placeholder keeps the rest compiling.
        Assert.Contains("/// Placeholder: ", outcome.Sources["Consumer.TwoViews.System.g.cs"], System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tap = \"embedding\"", "Tap = \"embeding\"", "DCR0018")]
    [InlineData("Tap = \"embedding\"", "Tap = \"embed\"", "DCR0018")]
    [InlineData("EmbeddingDistance, 0.1,", "EmbeddingDistance, -0.1,", "DCR0022")]
    [InlineData("CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\"", "CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\", Between = new[] { \"Left\", \"Middle\" }", "DCR0017")]
    [InlineData("[Member(Task = TaskLoss.CrossEntropy)] public partial LeftView", "[Member(Task = (TaskLoss)9)] public partial LeftView", "DCR0016")]
    public void A_broken_system_leaves_only_its_DCR_errors(string old, string replacement, string id)
    {
        string systems = Systems.Replace(old, replacement);
        Assert.NotEqual(Systems, systems);
        var outcome = GeneratorHarness.Run(Networks, systems, Program);
        Assert.NotEmpty(outcome.Diagnostics);
        Assert.All(outcome.Diagnostics, d => Assert.Equal(id, d.Id));
        outcome.AssertOnlyPlaceholders(".System.g.cs");
        // The networks are not touched by an error in the system.
        Assert.DoesNotContain("/// Placeholder: ", outcome.Sources["Consumer.LeftView.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_output_norm_system_keeps_its_normalized_outputs()
    {
        string systems = Systems.Replace("[CrossLoss(", "[OutputNorm(NormMethod.Range)]\n[CrossLoss(");
        string program = Program.Replace("outputs.Right.Embedding", "outputs.RightNormalized");
        GeneratorHarness.Run(Networks, systems, program).AssertClean();

        var outcome = GeneratorHarness.Run(Networks, systems.Replace("Tap = \"embedding\"", "Tap = \"embeding\""), program);
        Assert.NotEmpty(outcome.Diagnostics);
        Assert.All(outcome.Diagnostics, d => Assert.Equal("DCR0018", d.Id));
        outcome.AssertOnlyPlaceholders(".System.g.cs");
    }

    [Theory]
    // DCR0011: a network nested in a partial class, and a generic one, cannot be modules; their placeholders still are.
    [InlineData("public partial class Outer\n{\n    [Network]\n    private partial class Inner\n    {\n        static Layer Architecture => Input(8) >> Linear(4).Tap(\"embedding\") >> Linear(2);\n    }\n\n    public static int Width() { using var net = new Inner(); Inner.Output? o = null; return Inner.EmbeddingSize + (o is null ? 0 : 1); }\n}")]
    [InlineData("[Network]\npublic partial class Generic<T>\n{\n    static Layer Architecture => Input(8) >> Linear(4).Tap(\"embedding\") >> Linear(2);\n}\n\npublic static class Use\n{\n    public static int Width() { using var net = new Generic<int>(); Generic<int>.Output? o = null; return Generic<string>.EmbeddingSize + (o is null ? 0 : 1); }\n}")]
    public void A_nested_or_generic_network_leaves_only_its_DCR_error(string declaration)
    {
        var outcome = GeneratorHarness.Run("using DslCrossReg;\nusing static DslCrossReg.Layers;\nnamespace Consumer;\n" + declaration);
        Assert.Equal(new[] { "DCR0011" }, outcome.Diagnostics.Select(d => d.Id));
        outcome.AssertOnlyPlaceholders();
        Assert.Single(outcome.Sources);
        Assert.Contains("public const int EmbeddingSize = 4;", outcome.Sources.Values.Single(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_placeholders_of_a_broken_network_and_of_the_system_over_it_read_as_reviewed()
    {
        var outcome = GeneratorHarness.Run(Networks.Replace("Linear(128, 64)", "Linear(100, 64)"), Systems, Program);
        outcome.AssertOnlyPlaceholders("LeftView.g.cs");
        Snapshot.Verify(outcome.Sources["Consumer.LeftView.g.cs"], "LeftView");
        Snapshot.Verify(outcome.Sources["Consumer.TwoViews.System.g.cs"], "TwoViews");
    }

    [Fact]
    public void Undoing_the_edit_brings_the_real_code_back()
    {
        var first = GeneratorHarness.Run(Networks, Systems, Program);
        var broken = GeneratorHarness.Run(first.Driver, Replace(first.Input, 0, Networks.Replace("Linear(128, 64)", "Linear(100, 64)")));
        Assert.Contains("/// Placeholder: ", broken.Sources["Consumer.LeftView.g.cs"], System.StringComparison.Ordinal);
        var undone = GeneratorHarness.Run(broken.Driver, Replace(broken.Input, 0, Networks));
        Assert.Equal(first.Sources, undone.Sources);
        undone.AssertClean();
    }

    private static Microsoft.CodeAnalysis.Compilation Replace(Microsoft.CodeAnalysis.Compilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
