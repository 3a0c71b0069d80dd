using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Generic helpers written once for any system compile, and are called without type arguments: over
/// <c>ITrainingSystem&lt;TBatch, TOutputs&gt;</c> (the batch and outputs inferred from the system), and over the
/// self-typed <c>ITrainingSystem&lt;TSystem, TBatch, TOutputs&gt;</c> that every generated system implements, for
/// helpers that also need the system's own type. The form C# cannot infer — a type parameter named only in a
/// constraint — is pinned too, so that the reason for the self-typed interface stays visible.
/// </summary>
public class GenericHelperInferenceTests
{
    private const string Systems = """
        using DslCrossReg;
        namespace Demo;

        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        public partial class Views
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
        }

        [TrainingSystem]
        public partial class Alone
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Net { get; }
        }
        """;

    private const string Helpers = """
        using System;
        using System.Collections.Generic;
        using DslCrossReg.Training;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Demo;

        public static class Helpers
        {
            public static double Run<TBatch, TOutputs>(ITrainingSystem<TBatch, TOutputs> system, TBatch batch) => system.Step(batch).Total;

            public static long Count<TBatch, TOutputs>(ITrainingSystem<TBatch, TOutputs> system) => system.StepCount;

            public static List<double> Epoch<TBatch, TOutputs>(ITrainingSystem<TBatch, TOutputs> system, IEnumerable<TBatch> batches)
            {
                var totals = new List<double>();
                foreach (var batch in batches) totals.Add(system.Step(batch).Total);
                return totals;
            }

            public static TResult Read<TBatch, TOutputs, TResult>(
                ITrainingSystem<TBatch, TOutputs> system, Func<Tensor, Tensor?, TBatch> batch, Tensor x, Func<TOutputs, TResult> read)
                => read(system.Evaluate(batch(x, null)));

            public static TResult Inspect<TSystem, TBatch, TOutputs, TResult>(
                ITrainingSystem<TSystem, TBatch, TOutputs> system, TBatch batch, Func<TSystem, TOutputs, TResult> read)
                where TSystem : ITrainingSystem<TSystem, TBatch, TOutputs>
            {
                system.Step(batch);
                return read(system.Self, system.Evaluate(batch));
            }

            public static TSystem Trained<TSystem, TBatch, TOutputs>(ITrainingSystem<TSystem, TBatch, TOutputs> created, Func<Tensor, TBatch> batch, Tensor x)
                where TSystem : ITrainingSystem<TSystem, TBatch, TOutputs>
            {
                created.Step(batch(x));
                return created.Self;
            }
        }

        public static class Calls
        {
            public static void All(Views views, Alone alone, Views.Batch batch, Alone.Batch single, Tensor x, Tensor left, Tensor right, Tensor y)
            {
                double total = Helpers.Run(views, batch) + Helpers.Run(alone, single);
                long count = Helpers.Count(views);
                List<double> totals = Helpers.Epoch(views, new[] { batch, batch });
                Tensor logits = Helpers.Read(alone, (input, target) => new Alone.Batch(input, target), x, o => o.Net.Result);
                LeftView.Output viewed = Helpers.Read(views, (input, target) => new Views.Batch(input, right, target, target), left, o => o.Left);
                (LeftView Network, Tensor Logits) inspected = Helpers.Inspect(views, batch, (system, outputs) => (system.Left, outputs.Left.Result));
                Views again = Helpers.Trained(new Views(1), input => new Views.Batch(input, right, y, y), left);
                Alone single2 = Helpers.Trained(alone, input => new Alone.Batch(input, y), x);
                using ITrainingSystem<Views.Batch, Views.Outputs> asInterface = views;
                double viaInterface = Helpers.Run(asInterface, batch);
            }
        }
        """;

    private const string ConstraintOnly = """
        using System;
        using DslCrossReg.Training;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Demo;

        public static class ConstraintOnly
        {
            public static TResult Read<TSystem, TBatch, TOutputs, TResult>(TSystem system, TBatch batch, Func<TOutputs, TResult> read)
                where TSystem : ITrainingSystem<TBatch, TOutputs>
                => read(system.Evaluate(batch));

            public static Tensor Call(Views views, Views.Batch batch) => Read(views, batch, o => o.Left.Result);
        }
        """;

    [Fact]
    public void Helpers_over_the_system_interfaces_are_called_without_type_arguments()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Systems, Helpers);
        outcome.AssertClean();
    }

    [Fact]
    public void A_type_argument_named_only_in_a_constraint_is_not_inferred_which_is_why_the_self_typed_interface_exists()
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Systems, ConstraintOnly);
        Assert.Empty(outcome.Diagnostics);
        var error = Assert.Single(outcome.CompilationDiagnostics);
        Assert.Equal("CS0411", error.Id);
        Assert.Contains("ConstraintOnly.Read<TSystem, TBatch, TOutputs, TResult>", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholders_implement_the_same_interfaces_so_helpers_still_compile()
    {
        // Views names a tap its members do not have: DCR0018, and Views is a placeholder.
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, Systems.Replace("Tap = \"embedding\"", "Tap = \"embeding\""), Helpers);
        Assert.NotEmpty(outcome.Diagnostics);
        Assert.All(outcome.Diagnostics, d => Assert.Equal("DCR0018", d.Id));
        Assert.Contains("/// Placeholder: ", outcome.Sources["Demo.Views.System.g.cs"], System.StringComparison.Ordinal);
        Assert.Empty(outcome.CompilationDiagnostics);
    }
}
