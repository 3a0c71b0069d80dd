using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace DslCrossReg.Checkpoints;

/// <summary>
/// The checkpoint format: <c>DCRCKPT</c> magic, format version, system name, declaration hash, then named entries
/// (name, length, bytes), then a SHA-256 of everything before it. Written atomically (temporary file in the same
/// directory, flushed to disk, renamed over the old one), read with every length checked against the bytes left
/// before anything is allocated for it.
/// </summary>
public sealed class CheckpointFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 2;

    private static readonly byte[] Magic = "DCRCKPT\0"u8.ToArray();
    private const int HashLength = 32;

    /// <summary>Creates a checkpoint of <paramref name="system"/> (declaration <paramref name="declarationHash"/>).</summary>
    public CheckpointFile(string system, string declarationHash, IReadOnlyDictionary<string, byte[]> entries)
    {
        System = system;
        DeclarationHash = declarationHash;
        Entries = entries;
    }

    /// <summary>The system's class name.</summary>
    public string System { get; }

    /// <summary>A hash of the system's declaration: members, their networks, terms.</summary>
    public string DeclarationHash { get; }

    /// <summary>The entries by name.</summary>
    public IReadOnlyDictionary<string, byte[]> Entries { get; }

    /// <summary>The file's bytes.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(System);
            writer.Write(DeclarationHash);
            writer.Write(Entries.Count);
            foreach (var (name, bytes) in Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.Write(name);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
        }
        var content = stream.ToArray();
        return content.Concat(SHA256.HashData(content)).ToArray();
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> so that a crash or an error at any point leaves
    /// either the old file or the new one, never a mix. <paramref name="wrap"/> lets tests inject a failing stream.
    /// </summary>
    public static void WriteAtomically(string path, byte[] bytes, Func<Stream, Stream>? wrap = null)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Stream target = wrap is null ? file : wrap(file);
                target.Write(bytes);
                target.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception exception) when (exception is not CheckpointException)
        {
            TryDelete(temporary);
            throw new CheckpointException(path, "could not be written; the previous checkpoint is untouched (" + exception.Message + ")", exception);
        }
    }

    /// <summary>
    /// Reads and verifies the checkpoint at <paramref name="path"/>: magic, version, checksum, then that it belongs to
    /// <paramref name="expectedSystem"/> with declaration <paramref name="expectedHash"/>.
    /// </summary>
    public static CheckpointFile Read(string path, string expectedSystem, string expectedHash)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "does not exist");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 + HashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException(path, "is not a DslCrossReg checkpoint (no DCRCKPT header)");
        int contentLength = bytes.Length - HashLength;
        if (!SHA256.HashData(bytes.AsSpan(0, contentLength)).AsSpan().SequenceEqual(bytes.AsSpan(contentLength)))
            throw new CheckpointException(path, "is damaged: its checksum does not match its content (truncated or modified)");

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, contentLength, writable: false), Encoding.UTF8);
        try
        {
            reader.ReadBytes(Magic.Length);
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new CheckpointException(path, $"has format version {version}; this library reads version {FormatVersion}");
            string system = reader.ReadString();
            string hash = reader.ReadString();
            if (system != expectedSystem)
                throw new CheckpointException(path, $"belongs to system '{system}', not '{expectedSystem}'");
            if (hash != expectedHash)
                throw new CheckpointException(path, $"was saved from another declaration of '{system}' (declaration hash {hash}, this one {expectedHash}): members, networks or terms differ");
            int count = reader.ReadInt32();
            if (count < 0 || count > 10_000) throw new CheckpointException(path, $"claims {count} entries");
            var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                long length = reader.ReadInt64();
                long left = reader.BaseStream.Length - reader.BaseStream.Position;
                if (length < 0 || length > left)
                    throw new CheckpointException(path, $"entry '{name}' claims {length} bytes but only {left} remain");
                entries[name] = reader.ReadBytes((int)length);
            }
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new CheckpointException(path, "has bytes after its last entry");
            return new CheckpointFile(system, hash, entries);
        }
        catch (EndOfStreamException exception)
        {
            throw new CheckpointException(path, "ends in the middle of its header or an entry", exception);
        }
    }

    /// <summary>The entry <paramref name="name"/>, or a <see cref="CheckpointException"/> naming what is missing.</summary>
    public byte[] Require(string name, string path)
        => Entries.TryGetValue(name, out var bytes) ? bytes : throw new CheckpointException(path, $"has no entry '{name}'");

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temporary file is harmless, the checkpoint itself is intact.
        }
    }
}
