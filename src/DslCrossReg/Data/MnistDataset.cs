using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Data;

/// <summary>
/// MNIST-format digits as tensors: images Float32 [N, 1, 28, 28] in [0, 1], labels Int64 [N]. Reads the 10,000
/// digits embedded in this repository (data/mnist) or the full MNIST files (train-/t10k-images-idx3-ubyte, .gz or
/// not) from any directory.
/// </summary>
public sealed class MnistDataset
{
    private MnistDataset(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    /// <summary>Images, Float32 [N, 1, 28, 28], values in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>Class labels, Int64 [N], in 0–9.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of digits.</summary>
    public long Count => Labels.shape[0];

    /// <summary>
    /// The embedded digits: <c>data/mnist</c> beside the application (projects copy it to their output) or in the
    /// nearest ancestor directory of it (running from a source checkout).
    /// </summary>
    public static MnistDataset LoadEmbedded()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "data", "mnist");
            if (File.Exists(Path.Combine(candidate, "images-idx3-ubyte.gz"))) return Load(candidate);
        }
        throw new FileNotFoundException($"The embedded digits (data/mnist/images-idx3-ubyte.gz) were found neither beside {AppContext.BaseDirectory} nor above it.");
    }

    /// <summary>
    /// Loads a directory holding either this repository's <c>images-idx3-ubyte</c>/<c>labels-idx1-ubyte</c> or the
    /// full MNIST's training and test files (both are then concatenated, training first).
    /// </summary>
    public static MnistDataset Load(string directory)
    {
        ArgumentErrors.NotNull(directory);
        var pairs = new List<(string Images, string Labels)>();
        foreach (var (imageStem, labelStem) in new[] { ("images-idx3-ubyte", "labels-idx1-ubyte"), ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte") })
        {
            string? i = Find(directory, imageStem), l = Find(directory, labelStem);
            if (i is not null && l is not null) pairs.Add((i, l));
        }
        if (pairs.Count == 0)
            throw new FileNotFoundException($"No MNIST files in '{directory}': expected images-idx3-ubyte(.gz) and labels-idx1-ubyte(.gz), or train-/t10k- files.");

        var images = new List<byte>();
        var labels = new List<byte>();
        foreach (var (imagePath, labelPath) in pairs)
        {
            var imageFile = IdxFile.Read(imagePath, expectedRank: 3);
            var labelFile = IdxFile.Read(labelPath, expectedRank: 1);
            if (imageFile.Dimensions[1] != 28 || imageFile.Dimensions[2] != 28)
                throw new InvalidDataException($"'{imagePath}' holds {imageFile.Dimensions[1]}×{imageFile.Dimensions[2]} images, expected 28×28.");
            if (imageFile.Dimensions[0] != labelFile.Dimensions[0])
                throw new InvalidDataException($"'{labelPath}' holds {labelFile.Dimensions[0]} labels but '{imagePath}' holds {imageFile.Dimensions[0]} images.");
            int bad = Array.FindIndex(labelFile.Data, b => b > 9);
            if (bad >= 0)
                throw new InvalidDataException($"'{labelPath}' holds label {labelFile.Data[bad]} at index {bad}; MNIST labels are 0–9.");
            images.AddRange(imageFile.Data);
            labels.AddRange(labelFile.Data);
        }

        long n = labels.Count;
        var imageTensor = torch.tensor(images.ToArray(), new long[] { n, 1, 28, 28 }).to_type(ScalarType.Float32).div_(255);
        var labelTensor = torch.tensor(labels.ToArray(), new long[] { n }).to_type(ScalarType.Int64);
        return new MnistDataset(imageTensor, labelTensor);
    }

    /// <summary>
    /// A stratified split: for each class, a seeded shuffle puts round(<paramref name="testFraction"/> × its count)
    /// digits in the test split and the rest in the training split; the same seed always gives the same split.
    /// </summary>
    public (MnistDataset Train, MnistDataset Test) Split(double testFraction, long seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw ArgumentErrors.OutOfRange(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        var random = new Random(unchecked((int)seed));
        long[] labels = Labels.data<long>().ToArray();
        var train = new List<long>();
        var test = new List<long>();
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.Select(i => (long)i).ToArray();
            random.Shuffle(members);
            int inTest = (int)Math.Round(members.Length * testFraction);
            test.AddRange(members.Take(inTest));
            train.AddRange(members.Skip(inTest));
        }
        train.Sort();
        test.Sort();
        return (Subset(train), Subset(test));
    }

    /// <summary>The first <paramref name="count"/> digits (for quick runs).</summary>
    public MnistDataset Take(long count) => Subset(Enumerable.Range(0, (int)Math.Min(count, Count)).Select(i => (long)i).ToList());

    private MnistDataset Subset(IReadOnlyList<long> indices)
    {
        using var index = torch.tensor(indices.ToArray());
        return new MnistDataset(Images.index_select(0, index), Labels.index_select(0, index));
    }

    private static string? Find(string directory, string stem)
        => new[] { stem + ".gz", stem }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);
}
