using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The driver's caching is all the systems need between edits: the parsers read every declaration again for each
/// compilation, and a model equal to the last one stops there. An edit elsewhere leaves every system's output cached;
/// an edit a system depends on — its member network's file, a constant in another file — regenerates that system
/// exactly as a fresh run would, and no other.
/// </summary>
public class SystemIncrementalityTests
{
    private const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;
        [Network]
        public partial class Left
        {
            static Layer Architecture => Input(6) >> Linear(8).Tap("embedding") >> ReLU >> Linear(3);
        }
        [Network]
        public partial class Right
        {
            static Layer Architecture => Input(4) >> Linear(8).Tap("embedding") >> Linear(3);
        }
        [Network]
        public partial class Other
        {
            static Layer Architecture => Input(4) >> Linear(5).Tap("embedding") >> Linear(3);
        }
        """;

    private const string Constants = "namespace Demo; public static class Weights { public const double Cross = 0.1; }";

    private const string Systems = """
        using DslCrossReg;
        namespace Demo;
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        public partial class Pair
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Left A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Right B { get; }
        }
        [CrossLoss(CrossMethod.EmbeddingDistance, Weights.Cross, Tap = "embedding")]
        public partial class Weighted
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Other A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Other B { get; }
        }
        [OutputNorm(NormMethod.Standardize)]
        public partial class Normalised
        {
            [Member(Task = TaskLoss.Mse)] public partial Other A { get; }
            [Member(Task = TaskLoss.Mse)] public partial Other B { get; }
        }
        [TrainingSystem]
        public partial class Alone
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Right A { get; }
        }
        """;

    private const string Unrelated = "namespace Demo; public static class Util { public static int Twice(int x) => 2 * x; }";

    private static readonly string[] ParsedSteps =
    {
        SystemGeneratorStepNames.ParsedSystems, SystemGeneratorStepNames.ParsedNormalisedSystems, SystemGeneratorStepNames.ParsedDeclaredSystems,
        SystemGeneratorStepNames.SystemModels,
    };

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_system_cached()
    {
        var first = GeneratorHarness.Run(Networks, Constants, Systems, Unrelated);
        first.AssertClean();
        var second = GeneratorHarness.Run(first.Driver, Replace(first.Input, 3, Unrelated.Replace("2 * x", "x + x") + "\npublic class Extra { }"));

        foreach (var step in ParsedSteps)
        {
            var outputs = Outputs(second, step).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
        var sourceOutputs = second.SystemResult.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Equal(4, sourceOutputs.Count);
        Assert.All(sourceOutputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void Editing_a_member_network_regenerates_the_systems_over_it_and_no_other()
    {
        var first = GeneratorHarness.Run(Networks, Constants, Systems, Unrelated);
        var edited = Replace(first.Input, 0, Networks.Replace("Input(6) >> Linear(8)", "Input(7) >> Linear(8)"));
        var second = GeneratorHarness.Run(first.Driver, edited);

        Assert.Equal(new[] { "Pair" }, Regenerated(second));
        Assert.Contains("Float32 [batch, 7]", second.Sources["Demo.Pair.System.g.cs"]);
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void Editing_a_constant_in_another_file_regenerates_the_system_that_reads_it()
    {
        var first = GeneratorHarness.Run(Networks, Constants, Systems, Unrelated);
        var edited = Replace(first.Input, 1, Constants.Replace("Cross = 0.1", "Cross = 0.375"));
        var second = GeneratorHarness.Run(first.Driver, edited);

        Assert.Equal(new[] { "Weighted" }, Regenerated(second));
        Assert.Contains("0.375", second.Sources["Demo.Weighted.System.g.cs"]);
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void A_system_broken_by_another_file_becomes_a_placeholder_and_comes_back_when_it_is_undone()
    {
        var first = GeneratorHarness.Run(Networks, Constants, Systems, Unrelated);
        // Embeddings of widths 12 and 8 cannot be compared.
        var widened = Replace(first.Input, 0, Networks.Replace("Input(6) >> Linear(8)", "Input(6) >> Linear(12)"));
        var broken = GeneratorHarness.Run(first.Driver, widened);
        Assert.Contains("/// Placeholder: ", broken.Sources["Demo.Pair.System.g.cs"], System.StringComparison.Ordinal);
        AssertSameAsFresh(broken, widened);

        var restored = GeneratorHarness.Run(broken.Driver, Replace(widened, 0, Networks));
        Assert.Equal(first.Sources, restored.Sources);
    }

    /// <summary>The systems whose model the run found new or changed.</summary>
    private static IEnumerable<string> Regenerated(GeneratorOutcome outcome)
        => Outputs(outcome, SystemGeneratorStepNames.SystemModels)
            .Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .Select(o => (string)o.Value.GetType().GetProperty("ClassName")!.GetValue(o.Value)!)
            .OrderBy(n => n, System.StringComparer.Ordinal);

    private static void AssertSameAsFresh(GeneratorOutcome warm, Compilation compilation)
    {
        var fresh = GeneratorHarness.Run(compilation.SyntaxTrees.Select(t => t.ToString()).ToArray());
        Assert.Equal(fresh.Sources, warm.Sources);
        Assert.Equal(fresh.Diagnostics.Select(d => d.ToString()), warm.Diagnostics.Select(d => d.ToString()));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorOutcome outcome, string step)
        => outcome.SystemResult.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs) : Enumerable.Empty<(object, IncrementalStepRunReason)>();

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
