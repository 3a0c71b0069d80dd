using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.ContrastivePairs;

/// <summary>
/// One split of the digits as left halves, right halves and a fixed, balanced set of pairs over them: pair k joins
/// the left half of digit <see cref="LeftIndex"/>[k] with the right half of digit <see cref="RightIndex"/>[k],
/// labelled similar (1) when the two digits are of the same class and dissimilar (0) otherwise.
/// </summary>
public sealed class Pairs
{
    private readonly Tensor leftIndices;
    private readonly Tensor rightIndices;
    private readonly Tensor pairLabels;

    private Pairs(Tensor images, Tensor labels, long[] leftIndex, long[] rightIndex, bool[] similar)
    {
        Labels = labels;
        Left = images[.., .., .., ..14].contiguous();
        RightFlat = images[.., .., .., 14..].reshape(images.shape[0], 392).contiguous();
        LeftIndex = leftIndex;
        RightIndex = rightIndex;
        Similar = similar;
        leftIndices = torch.tensor(leftIndex);
        rightIndices = torch.tensor(rightIndex);
        pairLabels = torch.tensor(similar.Select(s => s ? 1f : 0f).ToArray());
    }

    /// <summary>Class labels of the digits, Int64 [digits].</summary>
    public Tensor Labels { get; }

    /// <summary>Left halves of the digits [digits, 1, 28, 14].</summary>
    public Tensor Left { get; }

    /// <summary>Right halves of the digits, flattened [digits, 392].</summary>
    public Tensor RightFlat { get; }

    /// <summary>Pair k's left digit.</summary>
    public IReadOnlyList<long> LeftIndex { get; }

    /// <summary>Pair k's right digit (never the left digit itself).</summary>
    public IReadOnlyList<long> RightIndex { get; }

    /// <summary>Whether pair k is similar (both digits of one class).</summary>
    public IReadOnlyList<bool> Similar { get; }

    /// <summary>The number of pairs (one per digit, each digit the left half of exactly one pair).</summary>
    public long Count => LeftIndex.Count;

    /// <summary>The number of digits.</summary>
    public long Digits => Labels.shape[0];

    /// <summary>
    /// Builds the pairs of <paramref name="images"/> [N, 1, 28, 28] with class <paramref name="labels"/> [N],
    /// deterministically from <paramref name="seed"/> and <paramref name="stream"/> (one stream per split): every
    /// digit is the left half of one pair; a seeded shuffle makes the first ⌈N/2⌉ of them similar (the right half of
    /// another digit of the same class, drawn uniformly) and the rest dissimilar (a class drawn uniformly from the
    /// nine others, then a digit of it uniformly).
    /// </summary>
    public static Pairs Build(Tensor images, Tensor labels, long seed, int stream)
    {
        long[] classes = labels.data<long>().ToArray();
        int n = classes.Length;
        var byClass = Enumerable.Range(0, 10).Select(c => Enumerable.Range(0, n).Where(i => classes[i] == c).ToArray()).ToArray();
        if (byClass.Any(members => members.Length < 2))
            throw new ArgumentException("Every class needs at least two digits to form a similar pair.", nameof(labels));

        var random = new Random(unchecked((int)(seed * 1_000_003 + stream)));
        int[] order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);

        var left = new long[n];
        var right = new long[n];
        var similar = new bool[n];
        for (int k = 0; k < n; k++)
        {
            int digit = order[k];
            int own = (int)classes[digit];
            left[k] = digit;
            similar[k] = k < (n + 1) / 2;
            if (similar[k])
            {
                int other;
                do other = byClass[own][random.Next(byClass[own].Length)]; while (other == digit);
                right[k] = other;
            }
            else
            {
                int otherClass = (own + 1 + random.Next(9)) % 10;
                right[k] = byClass[otherClass][random.Next(byClass[otherClass].Length)];
            }
        }
        return new Pairs(images, labels, left, right, similar);
    }

    /// <summary>The left halves of the pairs at positions <paramref name="index"/> (Int64).</summary>
    public Tensor LeftOf(Tensor index) => Left.index_select(0, leftIndices.index_select(0, index));

    /// <summary>The flattened right halves of the pairs at positions <paramref name="index"/> (Int64).</summary>
    public Tensor RightOf(Tensor index) => RightFlat.index_select(0, rightIndices.index_select(0, index));

    /// <summary>The pair labels (Float32, 1 similar, 0 dissimilar) of the pairs at positions <paramref name="index"/>.</summary>
    public Tensor LabelsOf(Tensor index) => pairLabels.index_select(0, index);

    /// <summary>The positions among <paramref name="index"/> (Int64) of the similar pairs, in order.</summary>
    public Tensor SimilarAmong(Tensor index) => index.masked_select(LabelsOf(index).eq(1));
}
