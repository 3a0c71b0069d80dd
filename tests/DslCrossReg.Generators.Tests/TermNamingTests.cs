using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Term names: a single term of a method between two members keeps <c>Method(First,Second)</c>; a later term of the
/// same method between the same members is named by its form, or by its form and tap when an earlier one has its
/// form. The names are the keys of the generated terms, of the magnitude check and the loss graph's labels.
/// </summary>
public class TermNamingTests
{
    private static string Generate(string system)
    {
        var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, SystemDiagnosticTests.TwoTaps, "using DslCrossReg;\nnamespace Demo;\n\n" + system);
        outcome.AssertClean();
        return outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs", System.StringComparison.Ordinal)).Value;
    }

    /// <summary>The cross-term names the generated Terms method adds, in order.</summary>
    private static List<string> TermNames(string generated)
        => Regex.Matches(generated, "terms\\.Add\\(\"([^\"]+)\", term\\d+\\);").Select(m => m.Groups[1].Value).ToList();

    /// <summary>The keys of the generated magnitude check, in order.</summary>
    private static List<string> CheckedNames(string generated)
        => Regex.Matches(generated, "^\\s*\\[\"([^\"]+)\"\\] = new string\\[\\]", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

    private const string Members = """
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial TwoTaps A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial TwoTaps B { get; }
        }
        """;

    [Fact]
    public void The_first_term_keeps_its_name_and_a_second_is_named_by_its_form()
    {
        string generated = Generate("""
            [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin)]
            [CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding")]
            public partial class Views
            """ + Members);
        Assert.Equal(new[] { "Contrastive(A,B)", "Contrastive.InfoNce(A,B)" }, TermNames(generated));
        Assert.Equal(TermNames(generated), CheckedNames(generated));
        Assert.Contains("term0([\\\"Contrastive(A,B) Margin × 0.2\\\"])", generated, System.StringComparison.Ordinal);
        Assert.Contains("term1([\\\"Contrastive.InfoNce(A,B) × 1.0\\\"])", generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_the_other_way_round_the_default_form_keeps_the_plain_name()
    {
        string generated = Generate("""
            [CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding")]
            [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin)]
            public partial class Views
            """ + Members);
        Assert.Equal(new[] { "Contrastive(A,B)", "Contrastive.Margin(A,B)" }, TermNames(generated));
    }

    [Fact]
    public void Equal_forms_are_told_apart_by_their_taps()
    {
        string generated = Generate("""
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Form = CrossForm.Cosine)]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "hidden")]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "hidden", Form = CrossForm.Cosine)]
            public partial class Views
            """ + Members);
        Assert.Equal(
            new[] { "EmbeddingDistance(A,B)", "EmbeddingDistance.Cosine(A,B)", "EmbeddingDistance.Euclidean@Hidden(A,B)", "EmbeddingDistance.Cosine@Hidden(A,B)" },
            TermNames(generated));
        Assert.Contains("term2([\\\"EmbeddingDistance.Euclidean@Hidden(A,B) × 0.1\\\"])", generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_without_forms_is_told_apart_by_tap_alone_and_shares_the_discriminator()
    {
        string generated = Generate("""
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
            [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "hidden")]
            public partial class Views
            """ + Members);
        Assert.Equal(new[] { "Adversarial(A,B)", "Adversarial@Hidden(A,B)" }, TermNames(generated));
        Assert.Contains("\"Adversarial(A,B)+Adversarial@Hidden(A,B).discriminator\"", generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_between_other_members_or_of_other_methods_keep_their_plain_names()
    {
        string generated = Generate("""
            [CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Between = new[] { "A", "B" })]
            [CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Between = new[] { "B", "C" })]
            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
            [CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin, Between = new[] { "A", "B" })]
            public partial class Views
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial TwoTaps A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial TwoTaps B { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial TwoTaps C { get; }
            }
            """);
        Assert.Equal(
            new[] { "Contrastive(A,B)", "Contrastive(B,C)", "EmbeddingDistance(A,B)", "EmbeddingDistance(A,C)", "EmbeddingDistance(B,C)", "Contrastive.Margin(A,B)" },
            TermNames(generated));
    }
}
