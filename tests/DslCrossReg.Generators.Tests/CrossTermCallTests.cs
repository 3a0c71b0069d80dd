using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Every cross term's call into <c>DslCrossReg.Losses</c>, for every method and form, reads as its own proof: each
/// argument is named after the runtime's parameter, the parameters the runtime detaches (<c>detached...</c>) receive the
/// teacher or reference, the learner's parameters the student or model, and a pair's <c>a</c>/<c>b</c> its members in
/// declared order. The members are Tutor (teacher, reference, first peer) and Pupil.
/// </summary>
public class CrossTermCallTests
{
    public static TheoryData<string, string> Terms => new()
    {
        { "CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\"", "EmbeddingLosses.Distance" },
        { "CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\", Form = CrossForm.Cosine", "EmbeddingLosses.CosineDistance" },
        { "CrossMethod.Contrastive, 0.1, Tap = \"embedding\"", "ContrastiveLosses.InfoNce" },
        { "CrossMethod.Contrastive, 0.1, Tap = \"embedding\", Form = CrossForm.Basic", "ContrastiveLosses.Basic" },
        { "CrossMethod.Contrastive, 0.1, Tap = \"embedding\", Form = CrossForm.Margin", "ContrastiveLosses.Margin" },
        { "CrossMethod.Contrastive, 0.1, Tap = \"embedding\", Form = CrossForm.Weighted", "ContrastiveLosses.Weighted" },
        { "CrossMethod.Adversarial, 0.1, Tap = \"embedding\"", "AdversarialLosses.FoolDiscriminator" },
        { "CrossMethod.Distillation, 0.1, Teacher = \"Tutor\", Student = \"Pupil\", Tap = \"embedding\"", "DistillationLosses.L2" },
        { "CrossMethod.Distillation, 0.1, Teacher = \"Tutor\", Student = \"Pupil\"", "DistillationLosses.Kl" },
        { "CrossMethod.ParameterDistance, 0.1, Reference = \"Tutor\"", "ParameterDistance.InverseL1" },
        { "CrossMethod.ParameterDistance, 0.1, Reference = \"Tutor\", Form = CrossForm.ExpSimilarity", "ParameterDistance.ExpSimilarity" },
        { "CrossMethod.ParameterDistance, 0.1, Reference = \"Tutor\", Form = CrossForm.CosineSimilarity", "ParameterDistance.Cosine" },
        { "CrossMethod.OutputDisagreement, 0.1, Reference = \"Tutor\"", "OutputDisagreement.InverseCrossEntropy" },
        { "CrossMethod.OutputDisagreement, 0.1, Reference = \"Tutor\", Form = CrossForm.NegativeCrossEntropy", "OutputDisagreement.NegativeCrossEntropy" },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void Each_argument_is_named_for_the_role_of_the_member_it_reads(string attribute, string function)
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
        var root = CSharpSyntaxTree.ParseText(outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs")).Value).GetRoot();
        var terms = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Terms");
        var calls = terms.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(c => c.Expression.ToString().StartsWith("global::DslCrossReg.Losses.", System.StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Equal("global::DslCrossReg.Losses." + function, c.Expression.ToString()));
        foreach (var argument in calls.SelectMany(c => c.ArgumentList.Arguments))
        {
            string? name = argument.NameColon?.Name.Identifier.Text;
            Assert.True(name is not null, "positional argument " + argument + " in " + function);
            string value = argument.Expression.ToString();
            bool tutor = value.Contains("Tutor") || value.Contains("tutor"), pupil = value.Contains("Pupil") || value.Contains("pupil");
            switch (name)
            {
                case "detachedTeacher" or "detachedTeacherLogits" or "detachedReference" or "detachedReferenceLogits" or "a":
                    Assert.True(tutor && !pupil, name + ": " + value);
                    break;
                case "student" or "studentLogits" or "model" or "logits" when function != "AdversarialLosses.FoolDiscriminator":
                case "b":
                    Assert.True(pupil && !tutor, name + ": " + value);
                    break;
            }
        }
        // The directed terms detach exactly one member, the teacher or reference, by the parameter that says so.
        bool directed = function.StartsWith("Distillation", System.StringComparison.Ordinal) || function.StartsWith("ParameterDistance", System.StringComparison.Ordinal)
                        || function.StartsWith("OutputDisagreement", System.StringComparison.Ordinal);
        Assert.Equal(directed ? 1 : 0, calls.SelectMany(c => c.ArgumentList.Arguments).Count(a => a.NameColon!.Name.Identifier.Text.StartsWith("detached", System.StringComparison.Ordinal)));
        if (function == "AdversarialLosses.FoolDiscriminator")
        {
            // Each member is trained towards the other's label: Tutor (label 0) with fromA: true, Pupil with fromA: false.
            Assert.Equal(2, calls.Count);
            Assert.Contains("outputs.Tutor.", calls[0].ToString());
            Assert.Contains("fromA: true", calls[0].ToString());
            Assert.Contains("outputs.Pupil.", calls[1].ToString());
            Assert.Contains("fromA: false", calls[1].ToString());
        }
    }
}
