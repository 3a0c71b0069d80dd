using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DslCrossReg.Fitting;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.CrossRegularization;

/// <summary>
/// Scenario 1 on two views of MNIST: the same two networks trained four times — no cross term, embedding
/// distance, adversarial, distillation — with the same seed, data order and budget, scored on the test split.
/// </summary>
public static class CrossRegularizationApp
{
    /// <summary>The rows of the table, in order (also the training runs' names).</summary>
    public static readonly string[] Methods = { "No cross term", "EmbeddingDistance", "Adversarial", "Distillation (L2)" };

    /// <summary>Runs the comparison with <paramref name="options"/> and writes the table, curves, event files and diagrams; returns the exit code.</summary>
    public static int Run(ExampleOptions options)
    {
        var clock = Stopwatch.StartNew();
        RunOutputs.Prepare(options);
        var (trainSet, testSet) = Digits.Load(options);
        var train = new Halves(trainSet.Images, trainSet.Labels);
        var test = new Halves(testSet.Images, testSet.Labels);
        var table = new ResultsTable(
            "Method", "Test accuracy (Left, Right)", "Mean test ‖e_L − e_R‖₂", "R@1 left→right", "Discriminator test accuracy",
            "Cross / task", "Final terms", "Time", "Notes");

        using (var system = new NoCrossTerm(options.Seed))
        {
            Score<NoCrossTerm, NoCrossTerm.Batch, NoCrossTerm.Outputs>(
                table, options, train, test, Methods[0], system,
                (l, r, y) => new NoCrossTerm.Batch(l, r, y, y),
                o => (o.Left, o.Right),
                crossTerm: null,
                new[] { "Left.task", "Right.task" },
                critic: null,
                "each view on its own task");
        }
        using (var system = new EmbeddingDistancePair(options.Seed))
        {
            Score<EmbeddingDistancePair, EmbeddingDistancePair.Batch, EmbeddingDistancePair.Outputs>(
                table, options, train, test, Methods[1], system,
                (l, r, y) => new EmbeddingDistancePair.Batch(l, r, y, y),
                o => (o.Left, o.Right),
                "EmbeddingDistance(Left,Right)",
                new[] { "Left.task", "Right.task" },
                critic: null,
                "0.1 × mean ‖e_L − e_R‖₂, into both views");
        }
        using (var system = new AdversarialPair(options.Seed))
        {
            Score<AdversarialPair, AdversarialPair.Batch, AdversarialPair.Outputs>(
                table, options, train, test, Methods[2], system,
                (l, r, y) => new AdversarialPair.Batch(l, r, y, y),
                o => (o.Left, o.Right),
                "Adversarial(Left,Right)",
                new[] { "Left.task", "Right.task" },
                system.Critic,
                "0.1 × BCE of being taken for the other view; critic 32→32→1");
        }
        using (var system = new DistillationPair(options.Seed))
        {
            Score<DistillationPair, DistillationPair.Batch, DistillationPair.Outputs>(
                table, options, train, test, Methods[3], system,
                (l, r, y) => new DistillationPair.Batch(l, r, y, y),
                o => (o.Left, o.Right),
                "Distillation(Left,Right)",
                new[] { "Right.task" },
                critic: null,
                "0.1 × mean ‖e_R − sg(e_L)‖₂, into Right only (teacher Left detached)");
        }

        RunOutputs.WriteAll(options, table, "Scenario 1: cross-regularization of two views of MNIST", clock.Elapsed,
            (nameof(NoCrossTerm), NoCrossTerm.LossGraph),
            (nameof(EmbeddingDistancePair), EmbeddingDistancePair.LossGraph),
            (nameof(AdversarialPair), AdversarialPair.LossGraph),
            (nameof(DistillationPair), DistillationPair.LossGraph));
        RunOutputs.Report(options, clock.Elapsed);
        return 0;
    }

    /// <summary>
    /// Trains <paramref name="system"/> on the seeded batches, evaluates both views on the test split and adds its row:
    /// accuracies, mean embedding distance, R@1, the critic's accuracy (when there is one), and the final cross term
    /// <paramref name="crossTerm"/> over the final task losses <paramref name="tasks"/> it accompanies.
    /// </summary>
    private static void Score<TSystem, TBatch, TOutputs>(
        ResultsTable table,
        ExampleOptions options,
        Halves train,
        Halves test,
        string method,
        TSystem system,
        Func<Tensor, Tensor, Tensor?, TBatch> batch,
        Func<TOutputs, (LeftView.Output Left, RightView.Output Right)> views,
        string? crossTerm,
        string[] tasks,
        ViewCritic? critic,
        string notes)
        where TSystem : ITrainingSystem<TBatch, TOutputs>
    {
        var clock = Stopwatch.StartNew();
        var history = ExampleFit.Run(system, method, options, train.Count, index =>
            batch(train.Left.index_select(0, index), train.Right.index_select(0, index), train.Labels.index_select(0, index)));

        using var scope = torch.NewDisposeScope();
        var (left, right) = views(system.Evaluate(batch(test.Left, test.Right, null)));
        double? criticAccuracy = critic is null ? null : CriticAccuracy(critic, left.Embedding, right.Embedding);
        var finals = history.TermMeans();
        double? ratio = crossTerm is null ? null : finals[crossTerm] / tasks.Sum(t => finals[t]);
        table.Add(
            method,
            ResultsTable.Percent(Metrics.Accuracy(left.Result, test.Labels)) + ", " + ResultsTable.Percent(Metrics.Accuracy(right.Result, test.Labels)),
            Alignment.MeanDistance(left.Embedding, right.Embedding).ToString("F2", CultureInfo.InvariantCulture),
            ResultsTable.Percent(Metrics.RecallAt1(left.Embedding, right.Embedding)),
            criticAccuracy is { } c ? ResultsTable.Percent(c) : "–",
            ratio is { } r ? r.ToString("F3", CultureInfo.InvariantCulture) : "–",
            ResultsTable.Terms(finals),
            ResultsTable.Seconds(clock.Elapsed),
            notes + string.Format(CultureInfo.InvariantCulture, "; mean ‖e_L‖₂ {0:F2}, ‖e_R‖₂ {1:F2}",
                Alignment.MeanNorm(left.Embedding), Alignment.MeanNorm(right.Embedding)));
    }

    /// <summary>The critic's accuracy at telling the views' test embeddings apart, run in eval mode without gradients.</summary>
    private static double CriticAccuracy(ViewCritic critic, Tensor leftEmbedding, Tensor rightEmbedding)
    {
        bool training = critic.training;
        critic.eval();
        try
        {
            using var noGrad = torch.no_grad();
            return Alignment.DiscriminatorAccuracy(critic.call(leftEmbedding).Result, critic.call(rightEmbedding).Result);
        }
        finally
        {
            critic.train(training);
        }
    }
}
