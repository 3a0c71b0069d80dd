using System;
using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generators and the analyzer run inside the IDE's and the compiler's process, under whatever culture the user's
/// machine has: a number formatted by the current culture would write <c>0,1</c> (a second argument, or a syntax
/// error) into generated code, and <c>1E−06</c> with a Unicode minus into a message. Declarations full of real numbers
/// — weights, temperatures, margins, epsilons, learning rates, slopes, dropout rates, a warning that quotes a weight —
/// generate byte for byte the same files and report the same diagnostics under Finnish and German cultures as under
/// the invariant one.
/// </summary>
public class CultureInvarianceTests
{
    private const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Demo;

        [Network]
        public partial class Encoder
        {
            static Layer Architecture => Input(20) >> Linear(16) >> LeakyReLU(0.2) >> Dropout(0.25) >> Standardize(1e-6)
                >> Linear(8).Tap("embedding") >> Linear(3);
        }

        [Network]
        public partial class Other
        {
            static Layer Architecture => Input(20) >> Linear(12) >> Tanh >> RangeNormalize(2.5e-7) >> Linear(8).Tap("embedding") >> Linear(3);
        }

        [Network]
        public partial class Critic
        {
            static Layer Architecture => Input(8) >> Linear(16) >> LeakyReLU(-0.01) >> Linear(1);
        }
        """;

    private const string Systems = """
        using DslCrossReg;

        namespace Demo;

        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", WarmupSteps = 250)]
        [CrossLoss(CrossMethod.Contrastive, 0.05, Tap = "embedding", Temperature = 0.07)]
        [CrossLoss(CrossMethod.Contrastive, 0.025, Tap = "embedding", Form = CrossForm.Weighted, Margin = 0.2, PositiveWeight = 0.35, NegativeWeight = 0.65)]
        public partial class Views
        {
            [Member(Task = TaskLoss.CrossEntropy, LearningRate = 3.5e-4, WeightDecay = 0.015)] public partial Encoder Left { get; }
            [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9, GradientClipNorm = 1.5)] public partial Other Right { get; }
        }

        [CrossLoss(CrossMethod.Adversarial, 0.3, Tap = "embedding")]
        public partial class Aligned
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Other B { get; }
            [Discriminator(LearningRate = 2e-4)] public partial Critic D { get; }
        }

        [CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Temperature = 2.5)]
        [CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = "Teacher", Form = CrossForm.ExpSimilarity, Scale = 0.0125)]
        [CrossLoss(CrossMethod.OutputDisagreement, 0.2, Reference = "Teacher", Form = CrossForm.InverseCrossEntropy, Epsilon = 1e-6)]
        public partial class Distilled
        {
            [Member(Frozen = true)] public partial Encoder Teacher { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder Student { get; }
        }

        [OutputNorm(NormMethod.Standardize, Epsilon = 1e-5)]
        public partial class Normalised
        {
            [Member(Task = TaskLoss.Mse, LearningRate = 1.25e-3)] public partial Encoder First { get; }
            [Member(Task = TaskLoss.Mse)] public partial Other Second { get; }
        }

        // DCR0023 quotes the weight in its message.
        [CrossLoss(CrossMethod.EmbeddingDistance, 12.5, Tap = "embedding", Form = CrossForm.Cosine)]
        public partial class Heavy
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Other B { get; }
        }
        """;

    public static TheoryData<string> Cultures() => new() { "fi-FI", "de-DE" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Generated_files_and_diagnostics_are_the_same_as_under_the_invariant_culture(string name)
    {
        var invariant = RunUnder(CultureInfo.InvariantCulture);
        Assert.Equal(8, invariant.Sources.Count);
        Assert.Contains(invariant.Diagnostics, d => d.Id == "DCR0023" && d.GetMessage(CultureInfo.InvariantCulture).Contains("12.5", StringComparison.Ordinal));
        Assert.Empty(invariant.Diagnostics.Where(d => d.Id != "DCR0023"));
        Assert.Empty(invariant.CompilationDiagnostics);

        var culture = CultureInfo.GetCultureInfo(name);
        // Not vacuous: the culture writes these numbers otherwise than C# does.
        Assert.NotEqual("0.1", 0.1.ToString(culture));
        Assert.NotEqual("-0.01", (-0.01).ToString(culture));

        var localised = RunUnder(culture);
        Assert.Equal(invariant.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal), localised.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (hint, text) in invariant.Sources)
            Assert.True(text == localised.Sources[hint], $"{hint} differs under {name}: {FirstDifference(text, localised.Sources[hint])}");
        var (expected, actual) = (Messages(invariant), Messages(localised));
        Assert.True(expected.SequenceEqual(actual), $"diagnostics differ under {name}:\n  " + string.Join("\n  ", expected) + "\nagainst\n  " + string.Join("\n  ", actual));
        Assert.Empty(localised.CompilationDiagnostics);
    }

    /// <summary>The generators and the analyzer, run with <paramref name="culture"/> as the current culture and UI culture.</summary>
    private static GeneratorOutcome RunUnder(CultureInfo culture)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            // The analyzer runs here too: the outcome holds its diagnostics.
            return GeneratorHarness.Run(Networks, Systems);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    private static string[] Messages(GeneratorOutcome outcome)
        => outcome.Diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(CultureInfo.InvariantCulture)).ToArray();

    private static string FirstDifference(string expected, string actual)
    {
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i]) i++;
        int line = expected.Take(i).Count(c => c == '\n') + 1;
        string Around(string text) => text.Substring(Math.Max(0, i - 40), Math.Min(80, text.Length - Math.Max(0, i - 40)));
        return $"line {line}: expected «{Around(expected)}», got «{Around(actual)}»";
    }
}
