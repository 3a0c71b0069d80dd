using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// What the generated system says about where a term's gradient goes — the loss graph's edges, the table of task
/// losses the magnitude check compares a term with, and Step's doc — follows the roles: a directed term's teacher or
/// reference is drawn detached and reached by nothing, even when it trains on its own task; its student or model is
/// reached; both peers of any other term are. Tutor is the teacher, reference or first peer, Pupil the other member,
/// and both are trained.
/// </summary>
public class GradientRouteTests
{
    public static TheoryData<string, string, string> Terms => new()
    {
        { "CrossMethod.Distillation, 0.1, Teacher = \"Tutor\", Student = \"Pupil\", Tap = \"embedding\"", "Distillation(Tutor,Pupil)", " -- Embedding, detached --> " },
        { "CrossMethod.Distillation, 0.1, Teacher = \"Tutor\", Student = \"Pupil\"", "Distillation(Tutor,Pupil)", " -- detached --> " },
        { "CrossMethod.ParameterDistance, 0.1, Reference = \"Tutor\"", "ParameterDistance(Tutor,Pupil)", " -- detached --> " },
        { "CrossMethod.OutputDisagreement, 0.1, Reference = \"Tutor\"", "OutputDisagreement(Tutor,Pupil)", " -- detached --> " },
        { "CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\"", "EmbeddingDistance(Tutor,Pupil)", null! },
        { "CrossMethod.Contrastive, 0.1, Tap = \"embedding\"", "Contrastive(Tutor,Pupil)", null! },
        { "CrossMethod.Adversarial, 0.1, Tap = \"embedding\"", "Adversarial(Tutor,Pupil)", null! },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void Only_a_terms_learners_are_reached_by_it(string attribute, string term, string? detachedEdge)
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, "using DslCrossReg;\nnamespace Demo;\n\n[CrossLoss(" + attribute + """
            )]
            public partial class Pair
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Tutor { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Pupil { get; }
            }
            """);
        outcome.AssertClean();
        string generated = outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs")).Value;
        string graph = generated.Substring(generated.IndexOf("LossGraph { get; } =", System.StringComparison.Ordinal));
        bool directed = detachedEdge is not null;

        Assert.Contains("term0 -. grad .-> Pupil", graph);
        Assert.Equal(!directed, graph.Contains("term0 -. grad .-> Tutor", System.StringComparison.Ordinal));
        if (directed)
        {
            Assert.Contains("Tutor" + detachedEdge + "term0", graph);
            Assert.DoesNotContain("Pupil" + detachedEdge + "term0", graph);
        }
        else
        {
            Assert.DoesNotContain("detached --> term0", graph);
        }
        Assert.Contains("[\"" + term + "\"] = new string[] { " + (directed ? "\"Pupil.task\"" : "\"Tutor.task\", \"Pupil.task\"") + " },", generated);
        Assert.Contains(term + " × 0.1: " + (directed ? "Tutor detached, gradients reach Pupil" : "gradients reach Tutor and Pupil"), generated);
    }
}
