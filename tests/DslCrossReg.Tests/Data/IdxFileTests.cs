using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DslCrossReg.Data;
using Xunit;

namespace DslCrossReg.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-idx-" + Guid.NewGuid().ToString("N"));

    public IdxFileTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>An IDX file written byte by byte, independently of the reader.</summary>
    private static byte[] Idx(int[] dims, byte[] values)
    {
        var bytes = new byte[] { 0, 0, 0x08, (byte)dims.Length }
            .Concat(dims.SelectMany(d => new[] { (byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d }))
            .Concat(values).ToArray();
        return bytes;
    }

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(directory, name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Optimal);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trips_raw_and_gzip(bool gzip)
    {
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var file = IdxFile.Read(Write(gzip ? "x.gz" : "x", Idx(new[] { 2, 3, 4 }, values), gzip), expectedRank: 3);
        Assert.Equal(new[] { 2, 3, 4 }, file.Dimensions);
        Assert.Equal(values, file.Data);
    }

    [Fact]
    public void Empty_file() => AssertInvalid(Write("e", Array.Empty<byte>()), 1,
        "it is 0 bytes long, shorter than the 4-byte IDX magic number");

    [Fact]
    public void Wrong_magic_number() => AssertInvalid(Write("m", new byte[] { 0x1F, 0x00, 0x08, 0x01, 0, 0, 0, 0 }), 1,
        "wrong magic number 0x1F000801: an IDX file starts with two zero bytes");

    [Fact]
    public void Wrong_rank_for_labels() => AssertInvalid(Write("r", Idx(new[] { 1, 1, 1 }, new byte[] { 5 })), 1,
        "wrong magic number 0x00000803: rank 3, expected 1 (0x00000801)");

    [Fact]
    public void Truncated_header() => AssertInvalid(Write("h", new byte[] { 0, 0, 8, 3, 0, 0, 0, 1, 0, 0 }), 3,
        "truncated header: 10 bytes, the header of a rank-3 file needs 16");

    [Fact]
    public void Truncated_data() => AssertInvalid(Write("d", Idx(new[] { 3 }, new byte[] { 1, 2 })), 1,
        "truncated: the header declares [3] = 3 values but only 2 bytes follow it");

    [Fact]
    public void Absurd_header_is_rejected_before_allocating()
        => AssertInvalid(Write("a", Idx(new[] { 1_000_000, 1_000_000, 1_000_000 }, new byte[] { 1 })), 3,
            "truncated: the header declares");

    [Fact]
    public void Named_gz_but_not_gzip() => AssertInvalid(Write("n.gz", Idx(new[] { 1 }, new byte[] { 1 })), 1,
        "it is named .gz but is not gzip-compressed");

    private static void AssertInvalid(string path, int rank, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, rank));
        Assert.StartsWith($"'{path}' is not a valid IDX file: {problem}", error.Message);
    }

    [Fact]
    public void Label_count_must_match_image_count()
    {
        Write("images-idx3-ubyte", Idx(new[] { 2, 28, 28 }, new byte[2 * 784]));
        string labels = Write("labels-idx1-ubyte", Idx(new[] { 3 }, new byte[] { 1, 2, 3 }));
        var error = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(directory));
        Assert.Equal($"'{labels}' holds 3 labels but '{Path.Combine(directory, "images-idx3-ubyte")}' holds 2 images.", error.Message);
    }

    [Fact]
    public void Labels_outside_0_to_9_are_rejected()
    {
        Write("images-idx3-ubyte", Idx(new[] { 2, 28, 28 }, new byte[2 * 784]));
        string labels = Write("labels-idx1-ubyte", Idx(new[] { 2 }, new byte[] { 1, 12 }));
        var error = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(directory));
        Assert.Equal($"'{labels}' holds label 12 at index 1; MNIST labels are 0–9.", error.Message);
    }

    [Fact]
    public void Full_mnist_file_names_are_read_training_first()
    {
        Write("train-images-idx3-ubyte.gz", Idx(new[] { 1, 28, 28 }, Enumerable.Repeat((byte)255, 784).ToArray()), gzip: true);
        Write("train-labels-idx1-ubyte.gz", Idx(new[] { 1 }, new byte[] { 7 }), gzip: true);
        Write("t10k-images-idx3-ubyte", Idx(new[] { 1, 28, 28 }, new byte[784]));
        Write("t10k-labels-idx1-ubyte", Idx(new[] { 1 }, new byte[] { 3 }));
        var data = MnistDataset.Load(directory);
        Assert.Equal(new long[] { 2, 1, 28, 28 }, data.Images.shape);
        Assert.Equal(new long[] { 7, 3 }, data.Labels.data<long>().ToArray());
        Assert.Equal(1f, data.Images[0].max().item<float>());
        Assert.Equal(0f, data.Images[1].max().item<float>());
    }
}
