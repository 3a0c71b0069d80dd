using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DslCrossReg.Data;
using Xunit;

namespace DslCrossReg.Tests.Data;

public class EmbeddedMnistTests
{
    private static string RepoFile(params string[] parts)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "DslCrossReg.sln"))) return Path.Combine(new[] { d.FullName }.Concat(parts).ToArray());
        throw new InvalidOperationException("repository root not found");
    }

    [Theory]
    [InlineData("images-idx3-ubyte")]
    [InlineData("labels-idx1-ubyte")]
    public void Uncompressed_bytes_match_the_checksum_in_the_data_readme(string name)
    {
        string readme = File.ReadAllText(RepoFile("data", "README.md"));
        string expected = Regex.Match(readme, @"`" + name + @"\.gz` \|[^|]*\|[^|]*\| `([0-9a-f]{64})`").Groups[1].Value;
        Assert.Equal(64, expected.Length);
        using var zip = new GZipStream(File.OpenRead(RepoFile("data", "mnist", name + ".gz")), CompressionMode.Decompress);
        Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(zip)));
    }

    [Fact]
    public void Ten_thousand_digits_with_the_documented_class_counts()
    {
        var data = MnistDataset.LoadEmbedded();
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, data.Images.shape);
        var counts = data.Labels.bincount(null, 10).data<long>().ToArray();
        Assert.Equal(new long[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }, counts);
        Assert.Equal(0f, data.Images.min().item<float>());
        Assert.Equal(1f, data.Images.max().item<float>());
        // Interleaved: the first ten labels are one of each digit.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), data.Labels[..10].data<long>().ToArray());
    }

    [Fact]
    public void Split_is_stratified_disjoint_complete_and_seeded()
    {
        var data = MnistDataset.LoadEmbedded();
        var (train, test) = data.Split(0.2, seed: 7);
        Assert.Equal(10000, train.Count + test.Count);
        var testCounts = test.Labels.bincount(null, 10).data<long>().ToArray();
        var all = data.Labels.bincount(null, 10).data<long>().ToArray();
        for (int c = 0; c < 10; c++) Assert.Equal((long)Math.Round(all[c] * 0.2), testCounts[c]);

        // Disjoint and complete: the multiset of images (and labels) of train ∪ test is the dataset's.
        Assert.Equal(Keys(data).OrderBy(k => k), Keys(train).Concat(Keys(test)).OrderBy(k => k));

        var (train2, test2) = data.Split(0.2, seed: 7);
        Assert.True(test.Images.equal(test2.Images).all().item<bool>());
        var (_, test3) = data.Split(0.2, seed: 8);
        Assert.False(test.Images.equal(test3.Images).all().item<bool>());
    }

    private static string[] Keys(MnistDataset data)
    {
        var pixels = data.Images.reshape(data.Count, 784).data<float>().ToArray();
        var labels = data.Labels.data<long>().ToArray();
        return Enumerable.Range(0, (int)data.Count)
            .Select(i => labels[i] + ":" + Convert.ToHexString(SHA256.HashData(MemoryMarshalBytes(pixels, i * 784, 784))))
            .ToArray();
    }

    private static byte[] MemoryMarshalBytes(float[] values, int start, int count)
    {
        var bytes = new byte[count * sizeof(float)];
        Buffer.BlockCopy(values, start * sizeof(float), bytes, 0, bytes.Length);
        return bytes;
    }
}
