using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.ContrastivePairs;

/// <summary>The similarity a row's loss trains, and so the one it is scored with.</summary>
public enum Similarity
{
    /// <summary>s = a · b, the labelled forms' similarity.</summary>
    Dot,

    /// <summary>s = a · b / (‖a‖ ‖b‖), InfoNCE's similarity (before its temperature).</summary>
    Cosine,
}

/// <summary>The pair-level evaluation numbers of this example, on plain doubles and on embeddings.</summary>
public static class PairMetrics
{
    /// <summary>
    /// The similarity of every left embedding with every right embedding, [left rows, right rows]: dot products, or
    /// cosines (each norm clamped below at 1e-12, so a zero row has cosine 0 with everything).
    /// </summary>
    public static Tensor Matrix(Tensor left, Tensor right, Similarity similarity)
    {
        if (similarity == Similarity.Dot) return left.matmul(right.t());
        using var scope = torch.NewDisposeScope();
        var a = nn.functional.normalize(left, dim: 1);
        var b = nn.functional.normalize(right, dim: 1);
        return a.matmul(b.t()).MoveToOuterDisposeScope();
    }

    /// <summary>The similarity of each pair (row <paramref name="leftIndex"/>[k] of left, <paramref name="rightIndex"/>[k] of right).</summary>
    public static double[] PairScores(Tensor left, Tensor right, IReadOnlyList<long> leftIndex, IReadOnlyList<long> rightIndex, Similarity similarity)
    {
        using var scope = torch.NewDisposeScope();
        var a = left.index_select(0, torch.tensor(leftIndex.ToArray()));
        var b = right.index_select(0, torch.tensor(rightIndex.ToArray()));
        if (similarity == Similarity.Cosine)
        {
            a = nn.functional.normalize(a, dim: 1);
            b = nn.functional.normalize(b, dim: 1);
        }
        return (a * b).sum(1).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>
    /// ROC AUC of <paramref name="scores"/> for telling similar pairs (true) from dissimilar ones, computed by
    /// ranking (the Mann–Whitney U statistic): sort the scores ascending, give each its 1-based rank (tied scores
    /// share the mean of their ranks), then AUC = (R₊ − P(P + 1)/2) / (P·N) with R₊ the sum of the similar pairs'
    /// ranks, P the number of similar and N of dissimilar pairs. It is the probability that a random similar pair
    /// scores above a random dissimilar one, ties counting one half; 0.5 is chance. NaN without both kinds of pair.
    /// </summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> similar)
    {
        if (scores.Count != similar.Count)
            throw new ArgumentException($"{scores.Count} scores for {similar.Count} labels.", nameof(similar));
        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRanks = 0;
        long positives = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double meanRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
            {
                if (!similar[order[k]]) continue;
                positiveRanks += meanRank;
                positives++;
            }
            start = end + 1;
        }
        long negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>The fraction of pairs classified right by "similar when score &gt; <paramref name="threshold"/>".</summary>
    public static double AccuracyAt(IReadOnlyList<double> scores, IReadOnlyList<bool> similar, double threshold)
        => Enumerable.Range(0, scores.Count).Count(i => (scores[i] > threshold) == similar[i]) / (double)scores.Count;

    /// <summary>
    /// The threshold t that maximises <see cref="AccuracyAt"/> on these (training) pairs, among the midpoints
    /// between consecutive distinct scores and one below the lowest; the lowest such t when several tie.
    /// </summary>
    public static double BestThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> similar)
    {
        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        // With t below every score everything is "similar": right exactly for the similar pairs.
        int correct = similar.Count(s => s);
        int bestCorrect = correct;
        double best = scores[order[0]] - 1;
        for (int k = 0; k < order.Length; k++)
        {
            // Raising t past score k turns pair k (and its ties, handled as they come) to "dissimilar".
            correct += similar[order[k]] ? -1 : 1;
            bool lastOfTie = k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]];
            if (!lastOfTie || correct <= bestCorrect) continue;
            bestCorrect = correct;
            best = k + 1 == order.Length ? scores[order[k]] : (scores[order[k]] + scores[order[k + 1]]) / 2;
        }
        return best;
    }

    /// <summary>
    /// Class-level left→right retrieval recall@1: for each left half i, whether the most similar right half j among
    /// all the other digits (j ≠ i, so a digit's own right half cannot be the answer) is of the same class as i.
    /// <paramref name="similarities"/> is [digits, digits] with rows the left halves and columns the right halves
    /// of the same digits; <paramref name="labels"/> Int64 [digits].
    /// </summary>
    public static double ClassRecallAt1(Tensor similarities, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        long n = similarities.shape[0];
        var own = torch.eye(n, dtype: ScalarType.Bool, device: similarities.device);
        var nearest = similarities.masked_fill(own, double.NegativeInfinity).argmax(1);
        return labels.index_select(0, nearest).eq(labels).to_type(ScalarType.Float64).mean().ToDouble();
    }
}
