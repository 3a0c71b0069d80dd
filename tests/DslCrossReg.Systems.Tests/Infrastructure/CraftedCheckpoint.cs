using System.IO;
using System.Linq;
using System.Security.Cryptography;
using DslCrossReg.Checkpoints;
using DslCrossReg.Systems.Tests.Systems;

namespace DslCrossReg.Systems.Tests.Infrastructure;

/// <summary>Checkpoint files written by hand, as an attacker would: any content, then a valid checksum.</summary>
public static class CraftedCheckpoint
{
    /// <summary>Writes the header of a <see cref="ResumablePair"/> checkpoint claiming <paramref name="entries"/> entries.</summary>
    public static void WriteHeader(BinaryWriter writer, int entries)
    {
        writer.Write("DCRCKPT\0"u8.ToArray());
        writer.Write(CheckpointFile.FormatVersion);
        writer.Write(nameof(ResumablePair));
        writer.Write(ResumablePair.DeclarationHash);
        writer.Write(entries);
    }

    /// <summary><paramref name="content"/> followed by its SHA-256, as the format wants.</summary>
    public static byte[] Sealed(byte[] content) => content.Concat(SHA256.HashData(content)).ToArray();
}
