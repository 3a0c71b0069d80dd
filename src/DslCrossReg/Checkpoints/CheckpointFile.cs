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
/// directory, flushed to disk, renamed over the old one), read with the checksum streamed and every length checked
/// against the bytes left before anything is allocated for it (see <see cref="CheckpointReader"/>).
/// </summary>
public sealed class CheckpointFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 2;

    private const string TemporarySuffix = ".tmp";

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
            writer.Write(CheckpointReader.Magic);
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
    /// First removes the temporaries that earlier saves of the same file left when they were killed (see
    /// <see cref="SweepTemporaries"/>). The temporary stays open (and so locked against the sweep of a concurrent
    /// save) until after it has been renamed over <paramref name="path"/>.
    /// </summary>
    public static void WriteAtomically(string path, byte[] bytes, Func<Stream, Stream>? wrap = null)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(directory);
            SweepTemporaries(full);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, "could not be written; the previous checkpoint is untouched (" + exception.Message + ")", exception);
        }
        for (int attempt = 1; ; attempt++)
        {
            string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + TemporarySuffix);
            bool opened = false, written = false;
            try
            {
                // FileShare.Delete: on Unix .NET then takes a shared flock, which a sweep's exclusive one cannot get.
                using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Delete);
                opened = true;
                Stream target = wrap is null ? file : wrap(file);
                target.Write(bytes);
                target.Flush();
                file.Flush(flushToDisk: true);
                written = true;
                File.Move(temporary, full, overwrite: true);
                return;
            }
            catch (Exception exception) when (exception is not CheckpointException)
            {
                // A concurrent save's sweep can take a temporary only in the instant between its creation and its
                // lock: the open then fails (the sweep holds it) or the rename finds nothing (the sweep deleted it).
                bool swept = exception is IOException && (!opened || (written && !File.Exists(temporary)));
                TryDelete(temporary);
                if (swept && attempt < 3) continue;
                throw new CheckpointException(path, "could not be written; the previous checkpoint is untouched (" + exception.Message + ")", exception);
            }
        }
    }

    /// <summary>
    /// Deletes the temporaries (<c>.&lt;file name&gt;.&lt;32 hex digits&gt;.tmp</c> next to <paramref name="path"/>)
    /// that saves of <paramref name="path"/> killed part-way left behind. A temporary is deleted only when an exclusive
    /// lock on it can be taken, which a live save's open temporary never allows; anything else is left alone.
    /// </summary>
    internal static void SweepTemporaries(string path)
    {
        string full = Path.GetFullPath(path);
        string prefix = "." + Path.GetFileName(full) + ".";
        foreach (string candidate in Directory.EnumerateFiles(Path.GetDirectoryName(full)!, prefix + "*" + TemporarySuffix))
        {
            string name = Path.GetFileName(candidate);
            if (name.Length != prefix.Length + 32 + TemporarySuffix.Length || !name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!name.AsSpan(prefix.Length, 32).ContainsAnyExcept("0123456789abcdef")) TryTake(candidate);
        }
    }

    /// <summary>
    /// Reads and verifies the checkpoint at <paramref name="path"/>: magic, version, checksum, then that it belongs to
    /// <paramref name="expectedSystem"/> with declaration <paramref name="expectedHash"/>. Every entry is read into
    /// memory (each bounded by the file's length); loading a system reads its entries one by one instead.
    /// </summary>
    public static CheckpointFile Read(string path, string expectedSystem, string expectedHash)
    {
        using var reader = CheckpointReader.Open(path, expectedSystem, expectedHash);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in reader.Names) entries[name] = reader.ReadEntry(name, reader.LengthOf(name));
        return new CheckpointFile(reader.System, reader.DeclarationHash, entries);
    }

    /// <summary>The entry <paramref name="name"/>, or a <see cref="CheckpointException"/> naming what is missing.</summary>
    public byte[] Require(string name, string path)
        => Entries.TryGetValue(name, out var bytes) ? bytes : throw new CheckpointException(path, $"has no entry '{name}'");

    private static void TryTake(string temporary)
    {
        try
        {
            // Exclusive flock (FileShare.None); DeleteOnClose unlinks only once the lock was taken.
            using var stale = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Locked by a live save, already gone, or not ours to delete: leave it.
        }
    }

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
