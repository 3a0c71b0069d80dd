using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// Acceptance: each of the four scenarios (docs/cross-methods.md), declared once, trains 200 steps on seeded synthetic data (batch 32)
/// with every term finite at every step and its task losses falling.
/// </summary>
public class ScenarioTests
{
    private const int Steps = 200;
    private const int BatchSize = 32;

    private static Tensor Rows(Tensor t, int step, int count)
    {
        int start = step % (count / BatchSize) * BatchSize;
        return t[start..(start + BatchSize)];
    }

    /// <summary>Samples of class c are the class's prototype plus noise.</summary>
    private static Tensor AroundPrototypes(long seed, Tensor labels, double noise, params long[] shape)
    {
        long classes = labels.max().ToInt64() + 1;
        var prototypes = SyntheticBatches.Features(seed, new[] { classes }.Concat(shape).ToArray());
        var samples = SyntheticBatches.Features(seed + 1, new[] { labels.shape[0] }.Concat(shape).ToArray());
        return prototypes.index_select(0, labels) + noise * samples;
    }

    [Fact]
    public void Scenario_1_two_modalities_with_embedding_distance_adversarial_and_distillation()
    {
        const int count = 96;
        var labels = SyntheticBatches.Labels(1, count, 3);
        var images = AroundPrototypes(2, labels, 0.5, 1, 8, 8);
        var captions = AroundPrototypes(4, labels, 0.5, 20);

        using var system = new ImageCaption(seed: 42);
        var log = new TrainingLog();
        for (int i = 0; i < Steps; i++)
        {
            var y = Rows(labels, i, count);
            log.Add(system.Step(new ImageCaption.Batch(Rows(images, i, count), Rows(captions, i, count), y, y)));
        }

        log.AssertFiniteEveryStep();
        Assert.Equal(
            new[] { "Adversarial(Image,Caption)", "Adversarial(Image,Caption).discriminator", "Caption.task", "Distillation(Image,Caption)", "EmbeddingDistance(Image,Caption)", "Image.task" },
            log.Steps[0].Terms.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        log.AssertFalling("Image.task");
        log.AssertFalling("Caption.task");
    }

    [Fact]
    public void Scenario_2_a_second_network_pushed_away_from_a_trained_frozen_first()
    {
        const int count = 160;
        var labels = SyntheticBatches.Labels(11, count, 10);
        var digits = AroundPrototypes(12, labels, 0.7, 64);

        // Model A is trained first, on its own, then handed to the system as its frozen reference.
        torch.manual_seed(7);
        using var trained = new Digits();
        using (var optimizer = optim.Adam(trained.parameters(), 1e-2))
        {
            for (int i = 0; i < 100; i++)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                nn.functional.cross_entropy(trained.call(Rows(digits, i, count)).Result, Rows(labels, i, count)).backward();
                optimizer.step();
            }
        }

        // Adam lr 1e-3 rather than the write-up's 1e-4: 200 steps here, not 20,000.
        using var system = new DiverseEnsemble(seed: 8);
        using (torch.no_grad())
        {
            foreach (var (target, source) in system.A.parameters().Zip(trained.parameters()))
                target.copy_(source);
        }
        var reference = ParameterState.Copy(system.A);

        var log = new TrainingLog();
        for (int i = 0; i < Steps; i++)
            log.Add(system.Step(new DiverseEnsemble.Batch(Rows(digits, i, count), Rows(digits, i, count), Rows(labels, i, count))));

        log.AssertFiniteEveryStep();
        log.AssertFalling("B.task");
        ParameterState.AssertSame(reference, system.A, "the frozen reference after 200 steps");

        // Evaluation as in the write-up: each learner's accuracy, and how often the two agree.
        var outputs = system.Evaluate(new DiverseEnsemble.Batch(digits, digits));
        var predictedA = outputs.A.Result.argmax(1);
        var predictedB = outputs.B.Result.argmax(1);
        double accuracyA = predictedA.eq(labels).to(ScalarType.Float64).mean().ToDouble();
        double accuracyB = predictedB.eq(labels).to(ScalarType.Float64).mean().ToDouble();
        double agreement = predictedA.eq(predictedB).to(ScalarType.Float64).mean().ToDouble();
        Assert.True(accuracyA > 0.5, $"A's accuracy {accuracyA}");
        Assert.True(accuracyB > 0.5, $"B's accuracy {accuracyB}");
        Assert.InRange(agreement, 0, 1);
    }

    private static (Tensor X, Tensor Target) RegressionData(long seed, System.Func<Tensor, Tensor> normalise)
    {
        var x = SyntheticBatches.Features(seed, 128, 100);
        var weights = SyntheticBatches.Features(seed + 1, 100, 10) / 10;
        return (x, normalise(x.matmul(weights)));
    }

    private static TrainingLog TrainScenario3(System.Func<Tensor, Tensor, Tensor, DslCrossReg.Training.StepResult> step, Tensor x, Tensor target)
    {
        var log = new TrainingLog();
        for (int i = 0; i < Steps; i++)
        {
            var t = Rows(target, i, 128);
            log.Add(step(Rows(x, i, 128), t, t));
        }
        log.AssertFiniteEveryStep();
        log.AssertFalling("First.task");
        log.AssertFalling("Second.task");
        return log;
    }

    [Fact]
    public void Scenario_3_range_normalised_outputs()
    {
        var (x, target) = RegressionData(21, y => Normalizers.Range(y));
        using var system = new RangeNormalisedPair(seed: 3);
        TrainScenario3((input, first, second) => system.Step(new RangeNormalisedPair.Batch(input, first, second)), x, target);
    }

    [Fact]
    public void Scenario_3_standardised_outputs()
    {
        var (x, target) = RegressionData(23, y => Normalizers.Standardize(y));
        using var system = new StandardisedPair(seed: 3);
        TrainScenario3((input, first, second) => system.Step(new StandardisedPair.Batch(input, first, second)), x, target);
    }

    [Fact]
    public void Scenario_3_shared_standardised_outputs()
    {
        var (x, target) = RegressionData(25, y => Normalizers.Standardize(y));
        using var system = new SharedStandardisedPair(seed: 3);
        TrainScenario3((input, first, second) => system.Step(new SharedStandardisedPair.Batch(input, first, second)), x, target);
    }

    private static (Tensor Images, Tensor Texts, Tensor Pairs) ImageTextPairs(long seed)
    {
        const int count = 64;
        var imageClasses = SyntheticBatches.Labels(seed, count, 4);
        var pairs = SyntheticBatches.PairLabels(seed + 1, count);
        var shift = 1 + SyntheticBatches.Labels(seed + 2, count, 3);
        // A similar pair's text is about the image's class, a dissimilar pair's about another one.
        var textClasses = (imageClasses + (1 - pairs) * shift) % 4;
        var images = AroundPrototypes(seed + 3, imageClasses, 0.5, 1, 8, 8);
        // Each class speaks its own 10 words of the 1,000-word vocabulary.
        var words = SyntheticBatches.Labels(seed + 5, count * 6, 10).reshape(count, 6);
        var texts = textClasses.unsqueeze(1) * 10 + words;
        return (images, texts, pairs);
    }

    private static void TrainScenario4(System.Func<Tensor, Tensor, Tensor, DslCrossReg.Training.StepResult> step)
    {
        var (images, texts, pairs) = ImageTextPairs(31);
        var log = new TrainingLog();
        for (int i = 0; i < Steps; i++)
            log.Add(step(Rows(images, i, 64), Rows(texts, i, 64), Rows(pairs, i, 64)));
        log.AssertFiniteEveryStep();
        log.AssertFalling("Contrastive(Image,Text)");
    }

    [Fact]
    public void Scenario_4_image_and_text_encoders_with_the_basic_pair_loss()
    {
        using var system = new ImageTextBasic(seed: 4);
        TrainScenario4((image, text, pair) => system.Step(new ImageTextBasic.Batch(image, text, pair)));
    }

    [Fact]
    public void Scenario_4_image_and_text_encoders_with_the_margin_pair_loss()
    {
        using var system = new ImageTextMargin(seed: 4);
        TrainScenario4((image, text, pair) => system.Step(new ImageTextMargin.Batch(image, text, pair)));
    }

    [Fact]
    public void Scenario_4_image_and_text_encoders_with_the_label_weighted_pair_loss()
    {
        using var system = new ImageTextWeighted(seed: 4);
        TrainScenario4((image, text, pair) => system.Step(new ImageTextWeighted.Batch(image, text, pair)));
    }
}
