using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generated API documents itself: read through Roslyn's symbol API on the compilation that holds the generated
/// code (what an IDE's hover shows), every public generated member has a summary, and each Batch field, output and
/// Step says what is true of its own system. The expected shapes are written here from the architectures declared
/// below, not taken from the generator.
/// </summary>
public class GeneratedApiDocsTests
{
    // The snapshot tests' networks (LeftView: Input(1, 28, 14) ... >> Linear(32).Tap("embedding") >> Linear(10);
    // RightView: Input(392) ... 32 ... 10; Mlp: Input(20) ... 8 ... 3; Critic: Input(8) ... 1), and a token reader.
    private static readonly string Networks = SystemSnapshotTests.Networks + """


        [Network]
        public partial class Reader
        {
            static Layer Architecture => TokenInput(12) >> Embedding(1000, 16) >> LSTM(24).Tap("sentence") >> Linear(8);
        }
        """;

    private const string TwoViews = """
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        [CrossLoss(CrossMethod.Contrastive, 0.05, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.2)]
        public partial class TwoViews
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
            [Member(Task = TaskLoss.CrossEntropyWhereLabeled, Optimizer = OptimizerKind.AdamW)] public partial RightView Right { get; }
        }
        """;

    private const string Normalised = """
        [SharedInput]
        [OutputNorm(NormMethod.SharedStandardize)]
        public partial class Normalised
        {
            [Member(Task = TaskLoss.Mse)] public partial Mlp First { get; }
            [Member(Task = TaskLoss.Bce)] public partial Mlp Second { get; }
        }
        """;

    private const string Adversarial = """
        [CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
        public partial class Aligned
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp B { get; }
            [Discriminator] public partial Critic Critic { get; }
        }
        """;

    private const string Distilled = """
        [CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Temperature = 4)]
        public partial class Distilled
        {
            [Member(Frozen = true)] public partial Mlp Teacher { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Mlp Student { get; }
        }
        """;

    private const string Tokens = """
        [TrainingSystem]
        public partial class Tokens
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Reader Text { get; }
        }
        """;

    private static GeneratorOutcome Compile(params string[] systems)
    {
        var outcome = GeneratorHarness.Run(new[] { Networks }.Concat(systems.Select(s => "using DslCrossReg;\nnamespace Demo;\n\n" + s)).ToArray());
        outcome.AssertClean();
        return outcome;
    }

    [Fact]
    public void Every_public_generated_member_of_networks_and_systems_has_a_summary()
    {
        var outcome = Compile(TwoViews, Normalised, Adversarial, Distilled, Tokens);
        var members = PublicGeneratedMembers(outcome).ToList();
        // Every kind of generated type is in the list: networks, systems, their records and the records' properties.
        foreach (var name in new[] { "Demo.LeftView", "Demo.LeftView.Output.Embedding", "Demo.TwoViews.Step", "Demo.TwoViews.Batch.PairLabel", "Demo.Normalised.Outputs.FirstNormalized", "Demo.Aligned.Critic", "Demo.Tokens.Batch.Text" })
            Assert.Contains(members, m => Name(m) == name);
        Assert.All(members, AssertSummary);
    }

    [Fact]
    public void Every_public_member_of_a_placeholder_has_a_summary()
    {
        var outcome = GeneratorHarness.Run(Networks, "using DslCrossReg;\nnamespace Demo;\n\n" + TwoViews.Replace("0.1, Tap = \"embedding\"", "0.1, Tap = \"embeding\"", StringComparison.Ordinal));
        Assert.Contains(outcome.Diagnostics, d => d.Id == "DCR0018");
        var members = PublicGeneratedMembers(outcome).Where(m => Name(m).StartsWith("Demo.TwoViews", StringComparison.Ordinal)).ToList();
        Assert.Contains(members, m => Name(m) == "Demo.TwoViews.Batch.LeftTarget");
        Assert.All(members, AssertSummary);
    }

    [Fact]
    public void Batch_fields_say_their_dtype_shape_and_label_range()
    {
        var outcome = Compile(TwoViews, Normalised, Tokens);

        AssertDoc(outcome, "Demo.TwoViews.Batch.Left", "Float32 [batch, 1, 28, 14]");
        AssertDoc(outcome, "Demo.TwoViews.Batch.Right", "Float32 [batch, 392]");
        AssertDoc(outcome, "Demo.TwoViews.Batch.LeftTarget", "Int64 [batch]", "class labels in [0, 10)");
        AssertDoc(outcome, "Demo.TwoViews.Batch.RightTarget", "Int64 [batch]", "class labels in [0, 10)", "-1");
        Assert.DoesNotContain("-1", Summary(outcome, "Demo.TwoViews.Batch.LeftTarget"), StringComparison.Ordinal);
        AssertDoc(outcome, "Demo.TwoViews.Batch.PairLabel", "[batch]", "1 (similar)", "0 (dissimilar)", "Contrastive(Left,Right)");

        AssertDoc(outcome, "Demo.Normalised.Batch.Input", "Float32 [batch, 20]", "First", "Second");
        AssertDoc(outcome, "Demo.Normalised.Batch.FirstTarget", "Float32 [batch, 3]", "FirstNormalized");
        AssertDoc(outcome, "Demo.Normalised.Batch.SecondTarget", "Float32 [batch, 3]", "[0, 1]");

        AssertDoc(outcome, "Demo.Tokens.Batch.Text", "Int64 [batch, 12]", "token ids in [0, 1000)");
        AssertDoc(outcome, "Demo.Tokens.Batch.TextTarget", "Int64 [batch]", "[0, 8)");
    }

    [Fact]
    public void Outputs_say_each_shape_and_on_an_output_norm_system_how_the_normalised_results_are_pooled()
    {
        var outcome = Compile(TwoViews, Normalised, Tokens);

        AssertDoc(outcome, "Demo.TwoViews.Outputs.Left", "Result Float32 [batch, 10]", "Embedding Float32 [batch, 32]");
        AssertDoc(outcome, "Demo.TwoViews.Outputs.Right", "Result Float32 [batch, 10]", "Embedding Float32 [batch, 32]");
        AssertDoc(outcome, "Demo.Tokens.Outputs.Text", "Result Float32 [batch, 8]", "Sentence Float32 [batch, 24]");
        AssertDoc(outcome, "Demo.LeftView.Output.Result", "Float32 [batch, 10]");
        AssertDoc(outcome, "Demo.LeftView.Output.Embedding", "Float32 [batch, 32]");
        AssertDoc(outcome, "Demo.Reader.Output.Sentence", "Float32 [batch, 24]");

        AssertDoc(outcome, "Demo.Normalised.Outputs.FirstNormalized", "Float32 [batch, 3]", "SharedStandardize", "per-sample", "pooled over every member's output", "not per feature", "FirstTarget");
        AssertDoc(outcome, "Demo.Normalised.Evaluate", "FirstNormalized", "SecondNormalized", "per-sample", "as its network computed it");
        Assert.DoesNotContain("Normalized", Summary(outcome, "Demo.TwoViews.Evaluate"), StringComparison.Ordinal);
    }

    [Fact]
    public void Step_names_its_terms_and_says_what_is_trained_frozen_and_detached()
    {
        var outcome = Compile(TwoViews, Adversarial, Distilled);

        AssertDoc(outcome, "Demo.TwoViews.Step", "Left.task", "Right.task", "EmbeddingDistance(Left,Right) × 0.1", "Contrastive(Left,Right) × 0.05", "gradients reach Left and Right",
            "Left (Adam, learning rate 0.001)", "Right (AdamW, learning rate 0.001, weight decay 0.01)");
        AssertDoc(outcome, "Demo.Distilled.Step", "Distillation(Teacher,Student) × 0.5", "Teacher detached", "gradients reach Student", "Frozen, never trained and without gradients: Teacher");
        AssertDoc(outcome, "Demo.Aligned.Step", "discriminator phase", "Critic", "detached embeddings", "Adversarial(A,B)");
        AssertDoc(outcome, "Demo.Aligned.#ctor", "discriminator");
        AssertDoc(outcome, "Demo.Aligned.Loss", "Adversarial(A,B).discriminator");
    }

    [Fact]
    public void A_system_without_a_discriminator_or_a_frozen_member_says_nothing_of_either()
    {
        var outcome = Compile(TwoViews);
        var members = PublicGeneratedMembers(outcome).Where(m => Name(m).StartsWith("Demo.TwoViews", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(members);
        foreach (var member in members)
        {
            string summary = Summary(member);
            Assert.DoesNotContain("discriminator", summary, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("frozen member is kept", summary, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Every public member declared in generated code, types included, with the properties of positional records (the
    /// members the compiler synthesises beside them, Equals, Deconstruct and the like, carry no docs of their own).
    /// </summary>
    private static IEnumerable<ISymbol> PublicGeneratedMembers(GeneratorOutcome outcome)
    {
        var generated = outcome.Output.SyntaxTrees.Except(outcome.Input.SyntaxTrees).ToHashSet();
        Assert.NotEmpty(generated);
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in generated)
        {
            var model = outcome.Output.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => n is MemberDeclarationSyntax or VariableDeclaratorSyntax))
            {
                var symbol = model.GetDeclaredSymbol(node);
                if (symbol is null || symbol.IsImplicitlyDeclared || symbol.DeclaredAccessibility != Accessibility.Public || !seen.Add(symbol)) continue;
                if (symbol is INamespaceSymbol or IParameterSymbol or ITypeParameterSymbol or ILocalSymbol) continue;
                if (symbol is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove }) continue;
                yield return symbol;
                if (symbol is INamedTypeSymbol { IsRecord: true } record)
                    foreach (var property in record.GetMembers().OfType<IPropertySymbol>().Where(p => p.DeclaredAccessibility == Accessibility.Public && seen.Add(p)))
                        yield return property;
            }
        }
    }

    private static void AssertSummary(ISymbol symbol)
        => Assert.False(string.IsNullOrWhiteSpace(Summary(symbol)), Name(symbol) + " has no summary: " + symbol.GetDocumentationCommentXml());

    private static void AssertDoc(GeneratorOutcome outcome, string member, params string[] expected)
    {
        string summary = Summary(outcome, member);
        foreach (var text in expected)
            Assert.True(summary.Contains(text, StringComparison.Ordinal), member + "'s summary lacks '" + text + "':\n" + summary);
    }

    private static string Summary(GeneratorOutcome outcome, string member)
        => Summary(PublicGeneratedMembers(outcome).Single(m => Name(m) == member));

    /// <summary>The summary's text, as an IDE shows it (a <c>paramref</c> by its name).</summary>
    private static string Summary(ISymbol symbol)
    {
        string xml = symbol.GetDocumentationCommentXml() ?? string.Empty;
        if (xml.Length == 0) return string.Empty;
        var summary = XElement.Parse(xml).Element("summary");
        if (summary is null) return string.Empty;
        foreach (var reference in summary.Descendants().Where(e => e.Name == "paramref" || e.Name == "see").ToList())
            reference.ReplaceWith((string?)reference.Attribute("name") ?? (string?)reference.Attribute("cref") ?? string.Empty);
        return string.Join(" ", summary.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A member's name as written here: <c>Demo.TwoViews.Batch.Left</c>, a constructor as <c>#ctor</c>.</summary>
    private static string Name(ISymbol symbol)
        => symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor
            ? ctor.ContainingType.ToDisplayString() + ".#ctor"
            : symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType));
}
