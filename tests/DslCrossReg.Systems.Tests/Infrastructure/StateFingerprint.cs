using System;
using System.IO;
using System.Security.Cryptography;

namespace DslCrossReg.Systems.Tests.Infrastructure;

/// <summary>
/// Everything a system would resume from, as one hash: its own checkpoint, which holds every member's and the
/// discriminator's parameters and buffers (BatchNorm running statistics and counters), every optimizer's state, the
/// step counter and the random generator's state. Two equal fingerprints mean nothing a step can change differs.
/// </summary>
public static class StateFingerprint
{
    /// <summary>The SHA-256 of what <paramref name="save"/> writes, as hex.</summary>
    public static string Of(Action<string> save)
    {
        ArgumentNullException.ThrowIfNull(save);
        string path = Path.Combine(Path.GetTempPath(), "dcr-fingerprint-" + Guid.NewGuid().ToString("N") + ".dcrckpt");
        try
        {
            save(path);
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
