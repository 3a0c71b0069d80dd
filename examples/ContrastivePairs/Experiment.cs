using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.ContrastivePairs;

/// <summary>One row of the results table, every number on the test pairs or test digits.</summary>
/// <param name="Method">The row's name.</param>
/// <param name="AccuracyAtZero">Pair accuracy of "similar when s &gt; 0".</param>
/// <param name="Threshold">The threshold chosen on the training pairs.</param>
/// <param name="AccuracyAtThreshold">Pair accuracy of "similar when s &gt; <paramref name="Threshold"/>".</param>
/// <param name="Auc">ROC AUC of s on the test pairs.</param>
/// <param name="ClassRecallAt1">Class-level left→right retrieval recall@1 over the test digits.</param>
/// <param name="FinalTerms">Each term's mean over the last 20 training steps.</param>
/// <param name="WallTime">Training and evaluation time.</param>
/// <param name="MeanSimilar">Mean s of the similar test pairs.</param>
/// <param name="MeanDissimilar">Mean s of the dissimilar test pairs.</param>
public sealed record ResultRow(
    string Method,
    double AccuracyAtZero,
    double Threshold,
    double AccuracyAtThreshold,
    double Auc,
    double ClassRecallAt1,
    IReadOnlyDictionary<string, double> FinalTerms,
    TimeSpan WallTime,
    double MeanSimilar,
    double MeanDissimilar);

/// <summary>
/// Trains scenario 4's four loss forms on the same pairs, in the same order, for the same number of steps, from the
/// same initial weights (same seed, same networks), and scores each on the test split.
/// </summary>
public sealed class Experiment
{
    /// <summary>The row names, in table order.</summary>
    public static readonly string[] Rows = { "Basic (margin 0.1)", "Margin (0.2)", "Weighted (0.3 / 0.7)", "InfoNCE (T = 0.1)" };

    private readonly ExampleOptions options;
    private readonly Pairs train;
    private readonly Pairs test;

    /// <summary>Creates the experiment over <paramref name="train"/> and <paramref name="test"/> pairs.</summary>
    public Experiment(ExampleOptions options, Pairs train, Pairs test)
    {
        this.options = options;
        this.train = train;
        this.test = test;
    }

    /// <summary>Trains and scores every row.</summary>
    public IReadOnlyList<ResultRow> Run() => new[]
    {
        Row<BasicPairs, BasicPairs.Batch, BasicPairs.Outputs>(Rows[0], new BasicPairs(options.Seed), Similarity.Dot,
            i => new BasicPairs.Batch(train.LeftOf(i), train.RightOf(i), train.LabelsOf(i)),
            (l, r) => new BasicPairs.Batch(l, r), o => (o.Left.Embedding, o.Right.Embedding)),
        Row<MarginPairs, MarginPairs.Batch, MarginPairs.Outputs>(Rows[1], new MarginPairs(options.Seed), Similarity.Dot,
            i => new MarginPairs.Batch(train.LeftOf(i), train.RightOf(i), train.LabelsOf(i)),
            (l, r) => new MarginPairs.Batch(l, r), o => (o.Left.Embedding, o.Right.Embedding)),
        Row<WeightedPairs, WeightedPairs.Batch, WeightedPairs.Outputs>(Rows[2], new WeightedPairs(options.Seed), Similarity.Dot,
            i => new WeightedPairs.Batch(train.LeftOf(i), train.RightOf(i), train.LabelsOf(i)),
            (l, r) => new WeightedPairs.Batch(l, r), o => (o.Left.Embedding, o.Right.Embedding)),
        // InfoNCE has no PairLabel: every row is a positive with its own partner and a negative for the other rows.
        // It gets the similar pairs of the very same batches (about half of each); the dissimilar pairs are left out,
        // as the other rows of the batch already serve as its negatives.
        Row<InfoNcePairs, InfoNcePairs.Batch, InfoNcePairs.Outputs>(Rows[3], new InfoNcePairs(options.Seed), Similarity.Cosine,
            i => { var similar = train.SimilarAmong(i); return new InfoNcePairs.Batch(train.LeftOf(similar), train.RightOf(similar)); },
            (l, r) => new InfoNcePairs.Batch(l, r), o => (o.Left.Embedding, o.Right.Embedding)),
    };

    /// <summary>Trains one system through <paramref name="trainingBatch"/> (given each batch's pair positions) and scores it.</summary>
    private ResultRow Row<TSystem, TBatch, TOutputs>(
        string name,
        TSystem created,
        Similarity similarity,
        Func<Tensor, TBatch> trainingBatch,
        Func<Tensor, Tensor, TBatch> digitsBatch,
        Func<TOutputs, (Tensor Left, Tensor Right)> embeddings)
        where TSystem : ITrainingSystem<TBatch, TOutputs>
    {
        var clock = Stopwatch.StartNew();
        using var system = created;
        var log = ExampleFit.Run(system, name, options, train.Count, trainingBatch);

        using var scope = torch.NewDisposeScope();
        var (trainLeft, trainRight) = Embed(system, train, digitsBatch, embeddings);
        var (testLeft, testRight) = Embed(system, test, digitsBatch, embeddings);
        double[] trainScores = PairMetrics.PairScores(trainLeft, trainRight, train.LeftIndex, train.RightIndex, similarity);
        double[] testScores = PairMetrics.PairScores(testLeft, testRight, test.LeftIndex, test.RightIndex, similarity);
        double threshold = PairMetrics.BestThreshold(trainScores, train.Similar);
        return new ResultRow(
            name,
            PairMetrics.AccuracyAt(testScores, test.Similar, 0),
            threshold,
            PairMetrics.AccuracyAt(testScores, test.Similar, threshold),
            PairMetrics.RocAuc(testScores, test.Similar),
            PairMetrics.ClassRecallAt1(PairMetrics.Matrix(testLeft, testRight, similarity), test.Labels),
            log.TermMeans(),
            clock.Elapsed,
            testScores.Where((_, k) => test.Similar[k]).Average(),
            testScores.Where((_, k) => !test.Similar[k]).Average());
    }

    /// <summary>Both encoders' embeddings of every digit of <paramref name="pairs"/>, in chunks (the conv activations of 8,000 digits at once would take 320 MB).</summary>
    private static (Tensor Left, Tensor Right) Embed<TBatch, TOutputs>(
        ITrainingSystem<TBatch, TOutputs> system, Pairs pairs, Func<Tensor, Tensor, TBatch> digitsBatch, Func<TOutputs, (Tensor Left, Tensor Right)> embeddings)
    {
        const long Chunk = 1000;
        var left = new List<Tensor>();
        var right = new List<Tensor>();
        for (long start = 0; start < pairs.Digits; start += Chunk)
        {
            long length = Math.Min(Chunk, pairs.Digits - start);
            var (l, r) = embeddings(system.Evaluate(digitsBatch(pairs.Left.narrow(0, start, length), pairs.RightFlat.narrow(0, start, length))));
            left.Add(l);
            right.Add(r);
        }
        return (torch.cat(left, 0), torch.cat(right, 0));
    }
}
