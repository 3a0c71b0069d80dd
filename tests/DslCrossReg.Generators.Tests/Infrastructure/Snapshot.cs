using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace DslCrossReg.Generators.Tests.Infrastructure;

/// <summary>
/// Verify-style snapshots without the Verify package: <c>_snapshots/{Class}.{Method}#{Hint}.verified.cs</c> beside
/// the tests holds the approved text; a mismatch writes <c>.received.cs</c> next to it and fails. Set
/// <c>DSLCROSSREG_ACCEPT_SNAPSHOTS=1</c> to accept the received text as the new verified one.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "DSLCROSSREG_ACCEPT_SNAPSHOTS";

    // The project's _snapshots folder, recorded at build time. The caller's file path cannot serve: deterministic CI
    // builds map it to /_/.
    private static readonly string Directory = typeof(Snapshot).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SnapshotDirectory").Value!;

    /// <summary>The folder the verified snapshots live in.</summary>
    public static string Folder => Directory;

    public static void Verify(
        string actual,
        string hint,
        [CallerFilePath] string testFile = "",
        [CallerMemberName] string testMethod = "")
    {
        string directory = Directory;
        string stem = $"{Path.GetFileNameWithoutExtension(testFile)}.{testMethod}#{hint}";
        string verifiedPath = Path.Combine(directory, stem + ".verified.cs");
        string receivedPath = Path.Combine(directory, stem + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        bool accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        System.IO.Directory.CreateDirectory(directory);
        if (accept)
        {
            File.WriteAllText(verifiedPath, actual);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(verified is null
            ? $"No verified snapshot {verifiedPath}; wrote {receivedPath}. Review it and rerun with {AcceptVariable}=1 to accept."
            : $"Snapshot {verifiedPath} differs; wrote {receivedPath}. {FirstDifference(verified, actual)} Rerun with {AcceptVariable}=1 to accept.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>", al = i < a.Length ? a[i] : "<end>";
            if (el != al) return $"First difference at line {i + 1}: expected «{el}», got «{al}».";
        }
        return string.Empty;
    }
}
