using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DslCrossReg.Data;
using DslCrossReg.Fitting;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.EnsembleDiversity;

/// <summary>One row of the results table: a B trained beside (stage 1) or against (stage 2) the same A.</summary>
/// <param name="Run">The training run (also its log's name).</param>
/// <param name="Term">What B was trained with besides its task loss.</param>
/// <param name="AccuracyA">A's test accuracy.</param>
/// <param name="AccuracyB">B's test accuracy.</param>
/// <param name="Disagreement">The fraction of test digits on which A's and B's predictions differ.</param>
/// <param name="EnsembleAccuracy">Test accuracy of the average of A's and B's softmax outputs.</param>
/// <param name="BRightWhereAWrong">Of the test digits A gets wrong, how many B gets right.</param>
/// <param name="AWrong">The number of test digits A gets wrong.</param>
/// <param name="ParameterDifference">Mean |θ_B − θ_A| over all parameter elements after training.</param>
/// <param name="FinalTerms">Every logged term, averaged over the last 20 steps (cross terms weighted).</param>
/// <param name="FingerprintA">SHA-256 of A's parameters after the run.</param>
/// <param name="WallTime">Training and scoring time.</param>
public sealed record ResultRow(
    string Run,
    string Term,
    double AccuracyA,
    double AccuracyB,
    double Disagreement,
    double EnsembleAccuracy,
    long BRightWhereAWrong,
    long AWrong,
    double ParameterDifference,
    IReadOnlyDictionary<string, double> FinalTerms,
    string FingerprintA,
    TimeSpan WallTime);

/// <summary>
/// Scenario 2 in two stages. Stage 1 trains A and, beside it with the same batches, an independent B (the baseline
/// partner). Stage 2 copies the trained A into systems where it is frozen and trains a fresh B against it with each
/// diversity term. Every B starts from the same initial weights, sees the same batches in the same order for the
/// same number of steps, so the rows differ only in the declared term. Everything is scored on the test split.
/// </summary>
public sealed class Experiment
{
    /// <summary>The run names, in table order.</summary>
    public static readonly string[] Runs =
    {
        "Independent",
        "ParameterDistance inverse L1", "ParameterDistance exp",
        "OutputDisagreement inverse CE", "OutputDisagreement clamped 0.1", "OutputDisagreement clamped 0.5",
        "Both bounded",
    };

    private readonly ExampleOptions options;
    private readonly Tensor trainInputs;
    private readonly Tensor trainLabels;
    private readonly Tensor testInputs;
    private readonly Tensor testLabels;

    /// <summary>An experiment on <paramref name="train"/> and <paramref name="test"/> (digits are flattened to 784).</summary>
    public Experiment(ExampleOptions options, MnistDataset train, MnistDataset test)
    {
        this.options = options;
        trainInputs = train.Images.reshape(train.Count, 784);
        trainLabels = train.Labels;
        testInputs = test.Images.reshape(test.Count, 784);
        testLabels = test.Labels;
    }

    /// <summary>Runs stage 1, then every stage-2 variant against stage 1's A; returns the rows in <see cref="Runs"/> order.</summary>
    public IReadOnlyList<ResultRow> Run()
    {
        var clock = Stopwatch.StartNew();
        using var pair = new IndependentPair(options.Seed);
        var log = Train(pair, Runs[0], (x, y) => new IndependentPair.Batch(x, y, y));
        var outputs = pair.Evaluate(new IndependentPair.Batch(testInputs));
        var rows = new List<ResultRow>
        {
            Score(Runs[0], "none (its own task only, trained beside A)", pair.A, pair.B, outputs.A.Result, outputs.B.Result, log, clock.Elapsed),
        };

        // Stage 2: the trained A, frozen, against a fresh B per term; each system draws the same initial B.
        var a = pair.A;
        rows.Add(Against(Runs[1], "0.001 · Σ 1/(Σ|θ_A − θ_B| + 1e-6)", a, new InverseL1Diverse(options.Seed),
            (x, y) => new InverseL1Diverse.Batch(x, y), s => (s.A, s.B), o => (o.A.Result, o.B.Result)));
        rows.Add(Against(Runs[2], "0.1 · exp(−mean|θ_A − θ_B| / 0.01)", a, new ExpSimilarityDiverse(options.Seed),
            (x, y) => new ExpSimilarityDiverse.Batch(x, y), s => (s.A, s.B), o => (o.A.Result, o.B.Result)));
        rows.Add(Against(Runs[3], "0.001 · 1/(CE(B, argmax A) + 1e-6)", a, new InverseCrossEntropyDiverse(options.Seed),
            (x, y) => new InverseCrossEntropyDiverse.Batch(x, y), s => (s.A, s.B), o => (o.A.Result, o.B.Result)));
        rows.Add(Against(Runs[4], "0.1 · −mean min(CE(B, argmax A), 3)", a, new ClampedCrossEntropyDiverse(options.Seed),
            (x, y) => new ClampedCrossEntropyDiverse.Batch(x, y), s => (s.A, s.B), o => (o.A.Result, o.B.Result)));
        rows.Add(Against(Runs[5], "0.5 · −mean min(CE(B, argmax A), 3)", a, new StrongClampedCrossEntropyDiverse(options.Seed),
            (x, y) => new StrongClampedCrossEntropyDiverse.Batch(x, y), s => (s.A, s.B), o => (o.A.Result, o.B.Result)));
        rows.Add(Against(Runs[6], "the exp term (× 0.1) and the clamped term (× 0.5)", a, new BothBoundedDiverse(options.Seed),
            (x, y) => new BothBoundedDiverse.Batch(x, y), s => (s.A, s.B), o => (o.A.Result, o.B.Result)));
        return rows;
    }

    /// <summary>
    /// Copies <paramref name="trained"/> into the new system's frozen A (<paramref name="learners"/> gives its A and
    /// B), trains its B on the batches <paramref name="batch"/> makes from digits and labels, and scores the pair on
    /// the test digits (<paramref name="logits"/> reads A's and B's logits from the outputs).
    /// </summary>
    private ResultRow Against<TSystem, TBatch, TOutputs>(
        string run,
        string term,
        Learner trained,
        ITrainingSystem<TSystem, TBatch, TOutputs> created,
        Func<Tensor, Tensor?, TBatch> batch,
        Func<TSystem, (Learner A, Learner B)> learners,
        Func<TOutputs, (Tensor A, Tensor B)> logits)
        where TSystem : ITrainingSystem<TSystem, TBatch, TOutputs>
    {
        var clock = Stopwatch.StartNew();
        using var system = created;
        var (a, b) = learners(system.Self);
        a.load_state_dict(trained.state_dict());
        var log = Train(system, run, (x, y) => batch(x, y));
        var (logitsA, logitsB) = logits(system.Evaluate(batch(testInputs, null)));
        return Score(run, term, a, b, logitsA, logitsB, log, clock.Elapsed);
    }

    private ResultRow Score(string run, string term, Learner a, Learner b, Tensor logitsA, Tensor logitsB, FitHistory log, TimeSpan elapsed)
    {
        var (right, wrong) = DiversityMetrics.RightWhereOtherWrong(logitsB, logitsA, testLabels);
        return new ResultRow(
            run,
            term,
            Metrics.Accuracy(logitsA, testLabels),
            Metrics.Accuracy(logitsB, testLabels),
            Metrics.Disagreement(logitsA, logitsB),
            Metrics.EnsembleAccuracy(testLabels, logitsA, logitsB),
            right,
            wrong,
            DiversityMetrics.MeanAbsoluteParameterDifference(b, a),
            log.TermMeans(),
            DiversityMetrics.ParameterFingerprint(a),
            elapsed);
    }

    /// <summary>Trains <paramref name="system"/> as run <paramref name="run"/> on the batches <paramref name="batch"/> makes from each step's digits and labels.</summary>
    private FitHistory Train<TBatch, TOutputs>(ITrainingSystem<TBatch, TOutputs> system, string run, Func<Tensor, Tensor, TBatch> batch)
        => ExampleFit.Run(system, run, options, trainLabels.shape[0], index => batch(trainInputs.index_select(0, index), trainLabels.index_select(0, index)));
}
