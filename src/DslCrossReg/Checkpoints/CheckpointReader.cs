using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace DslCrossReg.Checkpoints;

/// <summary>
/// An open, verified checkpoint file. Opening streams the whole file once through SHA-256 in fixed-size chunks (never
/// holding it), then reads the header and the table of entries, each length checked against the bytes left. The
/// file stays open (others may read, rename or delete it, not write it) until disposed, so an atomic rename over the
/// path by a concurrent save cannot change what was verified; entries are then read from their offsets on demand.
/// </summary>
internal sealed class CheckpointReader : IDisposable
{
    internal static readonly byte[] Magic = "DCRCKPT\0"u8.ToArray();
    internal const int HashLength = 32;
    private const int ChunkLength = 1 << 16;
    private const int MaximumEntries = 10_000;
    private const int MaximumStringBytes = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly FileStream file;
    private readonly Dictionary<string, (long Offset, long Length)> entries = new(StringComparer.Ordinal);
    private readonly List<string> names = new();

    private CheckpointReader(string path, FileStream file)
    {
        Path = path;
        this.file = file;
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>The system name recorded in the file.</summary>
    public string System { get; private set; } = "";

    /// <summary>The declaration hash recorded in the file.</summary>
    public string DeclarationHash { get; private set; } = "";

    /// <summary>The entry names in file order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>
    /// Opens and verifies <paramref name="path"/>: magic, checksum (streamed), version, system, declaration hash and
    /// the entry table. Only <see cref="CheckpointException"/> escapes.
    /// </summary>
    public static CheckpointReader Open(string path, string? expectedSystem, string? expectedHash)
    {
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 4096, FileOptions.SequentialScan);
            var reader = new CheckpointReader(path, file);
            reader.Verify(expectedSystem, expectedHash);
            return reader;
        }
        catch (Exception exception) when (exception is not CheckpointException)
        {
            file?.Dispose();
            throw exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => new CheckpointException(path, "does not exist", exception),
                _ => new CheckpointException(path, "could not be read (" + exception.Message + ")", exception),
            };
        }
        catch
        {
            file?.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file has an entry <paramref name="name"/>.</summary>
    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The length in bytes of entry <paramref name="name"/> (which must exist).</summary>
    public long LengthOf(string name) => Find(name).Length;

    /// <summary>
    /// The bytes of entry <paramref name="name"/>, refused without reading when longer than
    /// <paramref name="maximumLength"/>.
    /// </summary>
    public byte[] ReadEntry(string name, long maximumLength)
    {
        var (offset, length) = Find(name);
        if (length > maximumLength)
            throw new CheckpointException(Path, $"entry '{name}' is {length} bytes; at most {maximumLength} are possible for this system");
        var bytes = new byte[length];
        Guard(() =>
        {
            file.Position = offset;
            file.ReadExactly(bytes);
        });
        return bytes;
    }

    /// <summary>
    /// A read-only view of entry <paramref name="name"/> over the open file (closing it leaves the file open). One view
    /// at a time: views share the file's position.
    /// </summary>
    public Stream OpenEntry(string name)
    {
        var (offset, length) = Find(name);
        return new EntryStream(file, offset, length);
    }

    /// <inheritdoc/>
    public void Dispose() => file.Dispose();

    private (long Offset, long Length) Find(string name)
        => entries.TryGetValue(name, out var place) ? place : throw new CheckpointException(Path, $"has no entry '{name}'");

    private void Guard(Action read)
    {
        try
        {
            read();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CheckpointException(Path, "could not be read (" + exception.Message + ")", exception);
        }
    }

    private void Verify(string? expectedSystem, string? expectedHash)
    {
        long length = file.Length;
        Span<byte> head = stackalloc byte[8];
        if (length < Magic.Length + sizeof(int) + HashLength || file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) != head.Length || !head.SequenceEqual(Magic))
            throw new CheckpointException(Path, "is not a DslCrossReg checkpoint (no DCRCKPT header)");

        long contentLength = length - HashLength;
        if (!ChecksumMatches(contentLength))
            throw new CheckpointException(Path, "is damaged: its checksum does not match its content (truncated or modified)");

        file.Position = Magic.Length;
        var content = new Bounded(file, contentLength, Path);
        int version = content.ReadInt32("the format version");
        if (version != CheckpointFile.FormatVersion)
            throw new CheckpointException(Path, $"has format version {version}; this library reads version {CheckpointFile.FormatVersion}");
        System = content.ReadString("the system name");
        DeclarationHash = content.ReadString("the declaration hash");
        if (expectedSystem is not null && System != expectedSystem)
            throw new CheckpointException(Path, $"belongs to system '{System}', not '{expectedSystem}'");
        if (expectedHash is not null && DeclarationHash != expectedHash)
            throw new CheckpointException(Path, $"was saved from another declaration of '{System}' (declaration hash {DeclarationHash}, this one {expectedHash}): members, networks or terms differ");
        int count = content.ReadInt32("the entry count");
        if (count < 0 || count > MaximumEntries) throw new CheckpointException(Path, $"claims {count} entries");
        for (int i = 0; i < count; i++)
        {
            string name = content.ReadString("an entry name");
            long entryLength = content.ReadInt64($"the length of entry '{name}'");
            long left = contentLength - file.Position;
            if (entryLength < 0 || entryLength > left)
                throw new CheckpointException(Path, $"entry '{name}' claims {entryLength} bytes but only {left} remain");
            if (!entries.TryAdd(name, (file.Position, entryLength)))
                throw new CheckpointException(Path, $"has entry '{name}' twice");
            names.Add(name);
            file.Seek(entryLength, SeekOrigin.Current);
        }
        if (file.Position != contentLength)
            throw new CheckpointException(Path, "has bytes after its last entry");
    }

    private bool ChecksumMatches(long contentLength)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[ChunkLength];
        file.Position = 0;
        for (long left = contentLength; left > 0;)
        {
            int read = file.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
            if (read == 0) return false;
            hash.AppendData(chunk, 0, read);
            left -= read;
        }
        Span<byte> stored = stackalloc byte[HashLength];
        if (file.ReadAtLeast(stored, HashLength, throwOnEndOfStream: false) != HashLength) return false;
        Span<byte> computed = stackalloc byte[HashLength];
        hash.GetHashAndReset(computed);
        return computed.SequenceEqual(stored);
    }

    /// <summary>Reads header fields, never past <c>end</c>, with strings no longer than <see cref="MaximumStringBytes"/>.</summary>
    private readonly struct Bounded
    {
        private readonly FileStream file;
        private readonly long end;
        private readonly string path;

        public Bounded(FileStream file, long end, string path)
        {
            this.file = file;
            this.end = end;
            this.path = path;
        }

        public int ReadInt32(string what) => BitConverter.ToInt32(Read(sizeof(int), what));

        public long ReadInt64(string what) => BitConverter.ToInt64(Read(sizeof(long), what));

        /// <summary>A <see cref="BinaryWriter.Write(string)"/> string: 7-bit encoded byte length, then UTF-8.</summary>
        public string ReadString(string what)
        {
            int length = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = Read(1, what)[0];
                if (shift == 28 && b > 0x0f) throw new CheckpointException(path, $"has a malformed length for {what}");
                length |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) break;
            }
            if (length < 0 || length > MaximumStringBytes)
                throw new CheckpointException(path, $"claims {(uint)length} bytes for {what}; at most {MaximumStringBytes} are allowed");
            try
            {
                return StrictUtf8.GetString(Read(length, what));
            }
            catch (DecoderFallbackException exception)
            {
                throw new CheckpointException(path, $"has {what} that is not valid UTF-8", exception);
            }
        }

        private byte[] Read(int count, string what)
        {
            if (end - file.Position < count)
                throw new CheckpointException(path, $"ends in the middle of its header or an entry ({what})");
            var bytes = new byte[count];
            file.ReadExactly(bytes);
            return bytes;
        }
    }

    /// <summary>A read-only window onto one entry of the open file.</summary>
    private sealed class EntryStream : Stream
    {
        private readonly FileStream file;
        private readonly long offset;
        private readonly long length;
        private long position;

        public EntryStream(FileStream file, long offset, long length)
        {
            this.file = file;
            this.offset = offset;
            this.length = length;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => position;
            set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long left = length - position;
            if (left <= 0) return 0;
            if (buffer.Length > left) buffer = buffer[..(int)left];
            file.Position = offset + position;
            int read = file.Read(buffer);
            position += read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => position + offset,
                _ => length + offset,
            };
            return position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
