using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generator stays out of the IDE's way: an edit elsewhere re-runs nothing of ours, an edit to one network
/// regenerates that network only, and no step output keeps a symbol, syntax node or compilation alive.
/// </summary>
public class NetworkIncrementalityTests
{
    private const string Left = """
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;
        [Network]
        public partial class LeftView
        {
            static Layer Architecture => Input(16) >> Linear(8).Tap("embedding") >> ReLU >> Linear(2);
        }
        """;

    private const string Right = """
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;
        [Network]
        public partial class RightView
        {
            static Layer Architecture => Input(4) >> Linear(8).Tap("embedding") >> Linear(2);
        }
        """;

    private const string Unrelated = "namespace Demo; public static class Util { public static int Twice(int x) => 2 * x; }";

    private static readonly string[] OurSteps =
    {
        NetworkGeneratorStepNames.ParsedNetworks,
        NetworkGeneratorStepNames.NetworkModels,
    };

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_step_cached()
    {
        var first = GeneratorHarness.Run(Left, Right, Unrelated);
        var edited = Replace(first.Input, 2, Unrelated.Replace("2 * x", "x + x") + "\npublic class Extra { }");
        var second = GeneratorHarness.Run(first.Driver, edited);

        foreach (var step in OurSteps)
            Assert.All(Outputs(second, step), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step}: {o.Reason}"));
        Assert.All(second.Result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_a_second_identical_compilation_clone_changes_nothing()
    {
        var first = GeneratorHarness.Run(Left, Right);
        var second = GeneratorHarness.Run(first.Driver, first.Input.Clone());
        // A new compilation object re-runs the transform (Unchanged) but every model compares equal, so the
        // source outputs are served from the cache.
        foreach (var step in OurSteps)
            Assert.All(Outputs(second, step), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        Assert.All(second.Result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_one_network_regenerates_only_that_network()
    {
        var first = GeneratorHarness.Run(Left, Right);
        var edited = Replace(first.Input, 0, Left.Replace("Linear(2)", "Linear(3)"));
        var second = GeneratorHarness.Run(first.Driver, edited);

        var models = Outputs(second, NetworkGeneratorStepNames.NetworkModels).ToList();
        Assert.Contains(models, o => o.Reason == IncrementalStepRunReason.Modified && Name(o.Value) == "LeftView");
        Assert.Contains(models, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged && Name(o.Value) == "RightView");
        Assert.Contains("Linear(8, 3)", second.Sources["Demo.LeftView.g.cs"]);
    }

    [Fact]
    public void Moving_a_network_without_changing_it_does_not_regenerate_it()
    {
        var first = GeneratorHarness.Run(Left, Right);
        // Whitespace and comments move every location but leave the model equal.
        var edited = Replace(first.Input, 0, "// a comment\n\n" + Left.Replace(">> ReLU", ">>   ReLU"));
        var second = GeneratorHarness.Run(first.Driver, edited);
        Assert.All(Outputs(second, NetworkGeneratorStepNames.NetworkModels),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
    {
        var outcome = GeneratorHarness.Run(Left, Right, "using DslCrossReg; using static DslCrossReg.Layers; namespace Demo; [Network] public partial class Bad { static Layer Architecture => Input(8) >> Linear(4, 2); }");
        foreach (var step in outcome.Result.TrackedSteps.Where(s => OurSteps.Contains(s.Key) || s.Key == NetworkGeneratorStepNames.NetworkShells))
            foreach (var output in step.Value.SelectMany(s => s.Outputs))
                AssertHoldsOnlyValues(output.Value, step.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static void AssertHoldsOnlyValues(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value is Enum) return;
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location,
            $"{path} holds a {value.GetType().Name}, which pins the compilation in the incremental cache");
        if (value is DiagnosticDescriptor or Microsoft.CodeAnalysis.Text.TextSpan or Microsoft.CodeAnalysis.Text.LinePositionSpan) return;
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (var item in sequence) AssertHoldsOnlyValues(item, $"{path}[{i++}]", seen);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertHoldsOnlyValues(field.GetValue(value), path + "." + field.Name, seen);
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorOutcome outcome, string step)
        => outcome.Result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs) : Enumerable.Empty<(object, IncrementalStepRunReason)>();

    private static string? Name(object value) => value.GetType().GetProperty("ClassName")?.GetValue(value) as string;

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
