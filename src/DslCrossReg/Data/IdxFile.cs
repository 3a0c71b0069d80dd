using System;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace DslCrossReg.Data;

/// <summary>
/// One file in the IDX format MNIST is distributed in: a big-endian header (two zero bytes, a type code, the rank,
/// then one 32-bit size per dimension) followed by the values. Gzip-compressed files are recognised by their magic
/// bytes, whatever their name.
/// </summary>
public sealed class IdxFile
{
    /// <summary>The type code of unsigned bytes, the only element type MNIST uses.</summary>
    public const byte UnsignedByte = 0x08;

    private IdxFile(string path, int[] dimensions, byte[] data)
    {
        Path = path;
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>Where the file was read from.</summary>
    public string Path { get; }

    /// <summary>The dimensions, outermost first (for images: count, rows, columns).</summary>
    public int[] Dimensions { get; }

    /// <summary>The values, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>
    /// Reads an unsigned-byte IDX file of rank <paramref name="expectedRank"/>. Every size is checked against the
    /// bytes actually present before the data is allocated, so a corrupt header cannot request gigabytes.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not such a file; the message names it and says why.</exception>
    public static IdxFile Read(string path, int expectedRank)
    {
        ArgumentErrors.NotNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        byte[] bytes = ReadAllMaybeGzip(path);
        return Parse(path, bytes, expectedRank);
    }

    /// <summary>Parses IDX bytes already in memory (<paramref name="name"/> is used in messages).</summary>
    public static IdxFile Parse(string name, byte[] bytes, int expectedRank)
    {
        if (bytes.Length < 4)
            throw Invalid(name, $"it is {bytes.Length} bytes long, shorter than the 4-byte IDX magic number");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw Invalid(name, $"wrong magic number 0x{bytes[0]:X2}{bytes[1]:X2}{bytes[2]:X2}{bytes[3]:X2}: an IDX file starts with two zero bytes");
        if (bytes[2] != UnsignedByte)
            throw Invalid(name, $"element type 0x{bytes[2]:X2} is not supported (expected 0x08, unsigned bytes)");
        int rank = bytes[3];
        if (rank != expectedRank)
            throw Invalid(name, $"wrong magic number 0x{0:X4}{UnsignedByte:X2}{rank:X2}: rank {rank}, expected {expectedRank} (0x0000{UnsignedByte:X2}{expectedRank:X2})");
        int header = 4 + (4 * rank);
        if (bytes.Length < header)
            throw Invalid(name, $"truncated header: {bytes.Length} bytes, the header of a rank-{rank} file needs {header}");
        var dimensions = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint size = (uint)((bytes[4 + (4 * i)] << 24) | (bytes[5 + (4 * i)] << 16) | (bytes[6 + (4 * i)] << 8) | bytes[7 + (4 * i)]);
            if (size > int.MaxValue) throw Invalid(name, $"dimension {i} claims {size} entries");
            dimensions[i] = (int)size;
            count *= size;
            if (count > bytes.Length) break;
        }
        long available = bytes.Length - header;
        if (count != available)
            throw Invalid(name, count > available
                ? $"truncated: the header declares [{string.Join(", ", dimensions)}] = {count} values but only {available} bytes follow it"
                : $"{available - count} bytes after the {count} values the header [{string.Join(", ", dimensions)}] declares");
        var data = new byte[count];
        Array.Copy(bytes, header, data, 0, count);
        return new IdxFile(name, dimensions, data);
    }

    private static byte[] ReadAllMaybeGzip(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        bool gzip = raw.Length >= 2 && raw[0] == 0x1F && raw[1] == 0x8B;
        if (!gzip)
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                throw Invalid(path, "it is named .gz but is not gzip-compressed");
            return raw;
        }
        try
        {
            using var input = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException exception)
        {
            throw Invalid(path, "corrupt gzip data (" + exception.Message + ")");
        }
    }

    private static InvalidDataException Invalid(string name, string problem)
        => new($"'{name}' is not a valid IDX file: {problem}.");
}
