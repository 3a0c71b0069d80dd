using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generator runs in the user's IDE and build, under the user's culture: what it writes (code, docs, loss graph,
/// diagnostics) must not depend on it. Under fi-FI a culture-sensitive formatter writes 0,001 and −3 (U+2212), which
/// do not even parse as C#; under de-DE 0,001.
/// </summary>
public class CultureInvarianceTests
{
    private const string Systems = """
        using DslCrossReg;
        namespace Demo;

        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Form = CrossForm.Cosine, Epsilon = 1e-7, WarmupSteps = 25)]
        [CrossLoss(CrossMethod.Contrastive, 0.05, Tap = "embedding", Margin = 0.2, Form = CrossForm.Weighted, PositiveWeight = 0.25, NegativeWeight = 0.75)]
        [CrossLoss(CrossMethod.Adversarial, 0.3, Tap = "embedding")]
        public partial class Views
        {
            [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3, GradientClipNorm = 0.5)] public partial LeftView Left { get; }
            [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.AdamW, LearningRate = 2.5e-4, WeightDecay = 0.01)] public partial RightView Right { get; }
        }

        [CrossLoss(CrossMethod.Distillation, 0.7, Teacher = "Teacher", Student = "Student", Temperature = 2.5)]
        [CrossLoss(CrossMethod.OutputDisagreement, 0.2, Reference = "Teacher", Between = new[] { "Teacher", "Student" }, Form = CrossForm.NegativeCrossEntropy, Scale = 7.5)]
        [OutputNorm(NormMethod.Standardize, Epsilon = 1e-5)]
        public partial class Distilled
        {
            [Member(Frozen = true)] public partial Mlp Teacher { get; }
            [Member(Task = TaskLoss.Mse, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)] public partial Mlp Student { get; }
        }
        """;

    // A network with reals in its layers, and one whose declaration is refused with numbers in the message.
    private const string MoreNetworks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;

        [Network]
        public partial class Leaky
        {
            static Layer Architecture => Input(6) >> Linear(4) >> LeakyReLU(0.125) >> Dropout(0.25) >> Standardize(1e-6) >> Linear(2);
        }

        [Network]
        public partial class Broken
        {
            static Layer Architecture => Input(6, -3) >> Linear(2);
        }
        """;

    [Theory]
    [InlineData("fi-FI")]
    [InlineData("de-DE")]
    public void The_generator_writes_the_same_code_and_messages_under_any_culture(string culture)
    {
        var invariant = Run(CultureInfo.InvariantCulture);
        var local = Run(new CultureInfo(culture));

        Assert.NotEqual("-0.5", (-0.5).ToString(new CultureInfo(culture)));
        Assert.Contains(invariant.Sources.Keys, k => k.EndsWith("Views.System.g.cs", System.StringComparison.Ordinal));
        Assert.Contains(invariant.Messages, m => m.Contains("got -3", System.StringComparison.Ordinal));
        Assert.Equal(invariant.Sources.Keys.OrderBy(k => k), local.Sources.Keys.OrderBy(k => k));
        foreach (var (hint, text) in invariant.Sources)
            Assert.True(text == local.Sources[hint], hint + " differs under " + culture + ":\n" + local.Sources[hint]);
        Assert.Equal(invariant.Messages, local.Messages);
    }

    private static (System.Collections.Generic.IReadOnlyDictionary<string, string> Sources, string[] Messages) Run(CultureInfo culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var outcome = GeneratorHarness.Run(SystemSnapshotTests.Networks, MoreNetworks, Systems);
            var messages = outcome.Diagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture)).ToArray();
            return (outcome.Sources, messages);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }
}
