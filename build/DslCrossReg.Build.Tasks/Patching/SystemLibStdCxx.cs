using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DslCrossReg.Build.Tasks.Patching;

/// <summary>
/// Finds the libstdc++.so.6 the dynamic linker actually uses here. The build host process (dotnet) has it
/// mapped already, so /proc/self/maps names the real file even when LD_LIBRARY_PATH or an unusual
/// distribution layout would make a guess at the standard directories wrong.
/// </summary>
internal static class SystemLibStdCxx
{
    public const string Soname = "libstdc++.so.6";

    private static readonly string[] StandardDirectories =
    {
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
        "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    };

    /// <summary>The mapped libstdc++ file, else the first standard directory holding one, else null.</summary>
    public static string? Locate()
    {
        return FromMaps(ReadMaps()) ?? StandardDirectories.Select(d => Path.Combine(d, Soname)).FirstOrDefault(File.Exists);
    }

    /// <summary>The path of a mapped libstdc++.so.6* in /proc/&lt;pid&gt;/maps text, or null.</summary>
    public static string? FromMaps(IEnumerable<string> mapsLines)
    {
        foreach (var line in mapsLines)
        {
            // Fields: address perms offset dev inode pathname; the pathname starts at the first '/'.
            int slash = line.IndexOf('/');
            if (slash < 0)
            {
                continue;
            }

            string path = line.Substring(slash).TrimEnd();
            if (Path.GetFileName(path).StartsWith(Soname, StringComparison.Ordinal) && !path.EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }

    private static IEnumerable<string> ReadMaps()
    {
        try
        {
            return File.ReadAllLines("/proc/self/maps");
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
