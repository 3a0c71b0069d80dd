using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using DslCrossReg.Build.Tasks.Elf;
using DslCrossReg.Build.Tasks.Patching;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DslCrossReg.Build.Tasks;

/// <summary>
/// Lets native libraries built against a newer libstdc++ (TorchSharp's libLibTorchSharp.so needs
/// GLIBCXX_3.4.32, Debian 12 has up to 3.4.30) load on this system: in the build-output copies only, it
/// marks weak the GLIBCXX_/CXXABI_ versions they require from libstdc++.so.6 that the system's copy lacks,
/// provided no symbol bound to those versions is defined or relocated. Logs one message line; anything it
/// does not understand becomes a warning (DCRB001..DCRB004) and the file stays byte-for-byte as it was.
/// </summary>
public sealed class MarkMissingLibStdCxxVersionsWeak : Task
{
    /// <summary>Warning code: a file's ELF was not understood, or weakening its versions would be unsafe.</summary>
    public const string RefusedCode = "DCRB001";

    /// <summary>Warning code: a file lies under the NuGet package root, which is shared and must never be written.</summary>
    public const string SharedCacheCode = "DCRB002";

    /// <summary>Warning code: the system's libstdc++.so.6 could not be found or read.</summary>
    public const string NoSystemLibraryCode = "DCRB003";

    /// <summary>Warning code: reading or replacing a file failed.</summary>
    public const string FileAccessCode = "DCRB004";

    /// <summary>The output copies of the native libraries to check and, where needed, patch in place.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The libstdc++.so.6 to compare against; when empty, the one mapped into this process (then the standard directories).</summary>
    public string? SystemLibraryPath { get; set; }

    /// <summary>The NuGet package root ($(NuGetPackageRoot)); files under it are refused, never written.</summary>
    public string? NuGetPackageRoot { get; set; }

    /// <summary>Whether the current OS is Linux; settable so tests can exercise both paths.</summary>
    public bool? IsLinux { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        Log.LogMessage(MessageImportance.High, "DslCrossReg libstdc++ version check: {0}", Run());
        return !Log.HasLoggedErrors;
    }

    private string Run()
    {
        if (!(IsLinux ?? RuntimeInformation.IsOSPlatform(OSPlatform.Linux)))
        {
            return "not Linux, nothing to do";
        }

        var files = Files.Select(f => Path.GetFullPath(f.ItemSpec)).Distinct(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return "no files given, nothing to do";
        }

        string? systemPath = string.IsNullOrEmpty(SystemLibraryPath) ? SystemLibStdCxx.Locate() : SystemLibraryPath;
        if (systemPath == null)
        {
            Log.LogWarning(null, NoSystemLibraryCode, null, null, 0, 0, 0, 0,
                "Could not find {0} (not mapped in this process, not in the standard directories); native libraries were not checked.",
                SystemLibStdCxx.Soname);
            return $"left {files.Count} file(s) untouched: no system {SystemLibStdCxx.Soname} (warning {NoSystemLibraryCode})";
        }

        ushort machine;
        IReadOnlyList<string> available;
        try
        {
            var system = ElfFile.Parse(File.ReadAllBytes(systemPath));
            machine = system.Machine;
            available = system.ReadVersionDefinitions();
        }
        catch (Exception e) when (e is ElfFormatException || e is IOException || e is UnauthorizedAccessException)
        {
            Log.LogWarning(null, NoSystemLibraryCode, null, systemPath, 0, 0, 0, 0,
                "Could not read the versions {0} defines: {1}. Native libraries were not checked.", systemPath, e.Message);
            return $"left {files.Count} file(s) untouched: {systemPath} unreadable (warning {NoSystemLibraryCode})";
        }

        var outcomes = files.Select(f => $"{f}: {Process(f, machine, available)}");
        return $"{string.Join(" | ", outcomes)} (system {systemPath})";
    }

    private string Process(string file, ushort machine, IReadOnlyList<string> available)
    {
        if (IsUnder(file, NuGetPackageRoot))
        {
            Log.LogWarning(null, SharedCacheCode, null, file, 0, 0, 0, 0,
                "Refusing to patch {0}: it lies under the NuGet package root {1}, which other builds share; only build-output copies are patched.",
                file, NuGetPackageRoot);
            return $"untouched, under the NuGet package root (warning {SharedCacheCode})";
        }

        try
        {
            var result = WeakVersionPatcher.Patch(File.ReadAllBytes(file), SystemLibStdCxx.Soname, machine, available);
            switch (result.Outcome)
            {
                case PatchOutcome.Patched:
                    ReplaceKeepingTimestamp(file, result.PatchedImage!);
                    return result.Reason;
                case PatchOutcome.Refused:
                    Log.LogWarning(null, RefusedCode, null, file, 0, 0, 0, 0,
                        "Left {0} untouched: {1}. TorchSharp may fail to load on this system.", file, result.Reason);
                    return $"untouched, refused (warning {RefusedCode})";
                default:
                    return $"nothing to do, {result.Reason}";
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            Log.LogWarning(null, FileAccessCode, null, file, 0, 0, 0, 0, "Could not patch {0}: {1}", file, e.Message);
            return $"untouched, {e.Message} (warning {FileAccessCode})";
        }
    }

    /// <summary>
    /// Writes a sibling temporary file and renames it over the target: the rename is atomic, and it gives
    /// the output copy its own inode, so a hard link into the NuGet cache is broken rather than written
    /// through. The original modification time is kept because the SDK's copy step skips files whose size
    /// and time match the package's; a new time would make every build copy the pristine file back.
    /// </summary>
    private static void ReplaceKeepingTimestamp(string file, byte[] bytes)
    {
        string temp = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var lastWrite = File.GetLastWriteTimeUtc(file);
            File.Copy(file, temp); // carries the permission bits over, which WriteAllBytes would not
            using (var stream = new FileStream(temp, FileMode.Truncate, FileAccess.Write))
            {
                stream.Write(bytes, 0, bytes.Length);
            }

            File.SetLastWriteTimeUtc(temp, lastWrite);
            File.Replace(temp, file, null);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static bool IsUnder(string file, string? root)
    {
        if (string.IsNullOrEmpty(root))
        {
            return false;
        }

        string full = Path.GetFullPath(root!);
        string withSeparator = full.EndsWith("/", StringComparison.Ordinal) ? full : full + "/";
        return file.StartsWith(withSeparator, StringComparison.Ordinal);
    }
}
