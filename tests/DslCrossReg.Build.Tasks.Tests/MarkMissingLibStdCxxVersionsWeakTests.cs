using System;
using System.IO;
using DslCrossReg.Build.Tasks.Tests.Elf;
using DslCrossReg.Build.Tasks.Tests.Fakes;
using DslCrossReg.Build.Tasks.Tests.Patching;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Xunit;

namespace DslCrossReg.Build.Tasks.Tests;

public class MarkMissingLibStdCxxVersionsWeakTests
{
    private static (MarkMissingLibStdCxxVersionsWeak Task, RecordingBuildEngine Engine) TaskFor(
        string file, string systemLibrary, string? nugetRoot = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new MarkMissingLibStdCxxVersionsWeak
        {
            BuildEngine = engine,
            Files = new ITaskItem[] { new TaskItem(file) },
            SystemLibraryPath = systemLibrary,
            NuGetPackageRoot = nugetRoot,
            IsLinux = true,
        };
        return (task, engine);
    }

    private static string WriteSystemLibrary(string directory, System.Collections.Generic.IEnumerable<string> versions)
    {
        string path = Path.Combine(directory, "libstdc++.so.6.0.test");
        File.WriteAllBytes(path, SyntheticElf.LibraryDefining(versions));
        return path;
    }

    private static string SingleLine(RecordingBuildEngine engine)
    {
        var message = Assert.Single(engine.Messages);
        Assert.Equal(MessageImportance.High, message.Importance);
        Assert.DoesNotContain('\n', message.Message ?? "");
        return message.Message!;
    }

    [Fact]
    public void On_a_debian_12_like_system_the_copy_is_patched_in_place_keeping_its_time_and_a_rerun_writes_nothing()
    {
        using var lib = new PristineLibTorchSharp();
        string system = WriteSystemLibrary(lib.Directory, LibStdCxxVersions.Debian12);
        var time = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(lib.Path, time);
        var (task, engine) = TaskFor(lib.Path, system);

        Assert.True(task.Execute());

        Assert.Empty(engine.Warnings);
        Assert.Contains("marked GLIBCXX_3.4.32 weak", SingleLine(engine));
        var patched = File.ReadAllBytes(lib.Path);
        Assert.Equal(lib.Original.Length, patched.Length);
        Assert.Equal(1, CountDifferences(lib.Original, patched));
        Assert.Equal(time, File.GetLastWriteTimeUtc(lib.Path));
        Assert.Empty(Directory.GetFiles(lib.Directory, "*.tmp"));

        // A rewrite renames a new file over the path; a hard link taken now would then no longer share its bytes.
        string witness = Path.Combine(lib.Directory, "witness.so");
        Assert.Equal(0, link(lib.Path, witness));
        var (again, engineAgain) = TaskFor(lib.Path, system);
        Assert.True(again.Execute());

        Assert.Empty(engineAgain.Warnings);
        Assert.Contains("already marked weak", SingleLine(engineAgain));
        Assert.Equal(patched, File.ReadAllBytes(lib.Path));
        using (var stream = new FileStream(witness, FileMode.Open, FileAccess.Write))
        {
            stream.WriteByte(0x55);
        }

        Assert.Equal(0x55, File.ReadAllBytes(lib.Path)[0]);
    }

    [Fact]
    public void On_a_system_whose_libstdcxx_defines_GLIBCXX_3_4_32_the_file_is_left_alone()
    {
        using var lib = new PristineLibTorchSharp();
        string system = WriteSystemLibrary(lib.Directory, LibStdCxxVersions.Gcc13);
        var (task, engine) = TaskFor(lib.Path, system);

        Assert.True(task.Execute());

        Assert.Empty(engine.Warnings);
        Assert.Contains("nothing to do, every version it requires", SingleLine(engine));
        Assert.Equal(lib.Original, File.ReadAllBytes(lib.Path));
    }

    [Fact]
    public void A_truncated_file_gives_warning_DCRB001_and_stays_byte_for_byte_as_it_was()
    {
        using var lib = new PristineLibTorchSharp();
        string system = WriteSystemLibrary(lib.Directory, LibStdCxxVersions.Debian12);
        var truncated = lib.Original.AsSpan(0, 1000).ToArray();
        File.WriteAllBytes(lib.Path, truncated);
        var (task, engine) = TaskFor(lib.Path, system);

        Assert.True(task.Execute());

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("DCRB001", warning.Code);
        Assert.Contains("section header table", warning.Message);
        Assert.Contains("refused (warning DCRB001)", SingleLine(engine));
        Assert.Equal(truncated, File.ReadAllBytes(lib.Path));
    }

    [Fact]
    public void A_file_under_the_nuget_package_root_gives_warning_DCRB002_and_is_not_written()
    {
        using var lib = new PristineLibTorchSharp();
        string system = WriteSystemLibrary(lib.Directory, LibStdCxxVersions.Debian12);
        var (task, engine) = TaskFor(lib.Path, system, nugetRoot: lib.Directory + "/");

        Assert.True(task.Execute());

        Assert.Equal("DCRB002", Assert.Single(engine.Warnings).Code);
        SingleLine(engine);
        Assert.Equal(lib.Original, File.ReadAllBytes(lib.Path));
    }

    [Fact]
    public void An_unreadable_system_library_gives_warning_DCRB003_and_touches_nothing()
    {
        using var lib = new PristineLibTorchSharp();
        string system = Path.Combine(lib.Directory, "libstdc++.so.6.broken");
        File.WriteAllBytes(system, new byte[] { 1, 2, 3 });
        var (task, engine) = TaskFor(lib.Path, system);

        Assert.True(task.Execute());

        Assert.Equal("DCRB003", Assert.Single(engine.Warnings).Code);
        SingleLine(engine);
        Assert.Equal(lib.Original, File.ReadAllBytes(lib.Path));
    }

    [Fact]
    public void Off_linux_the_task_only_says_so()
    {
        using var lib = new PristineLibTorchSharp();
        var (task, engine) = TaskFor(lib.Path, "/nonexistent");
        task.IsLinux = false;

        Assert.True(task.Execute());

        Assert.Empty(engine.Warnings);
        Assert.Contains("not Linux", SingleLine(engine));
        Assert.Equal(lib.Original, File.ReadAllBytes(lib.Path));
    }

    [Fact]
    public void A_hard_link_to_the_pristine_file_is_broken_rather_than_written_through()
    {
        using var lib = new PristineLibTorchSharp();
        string system = WriteSystemLibrary(lib.Directory, LibStdCxxVersions.Debian12);
        string cacheStandIn = Path.Combine(lib.Directory, "cache-copy.so");
        Assert.Equal(0, link(lib.Path, cacheStandIn));
        var (task, _) = TaskFor(lib.Path, system);

        Assert.True(task.Execute());

        Assert.Equal(1, CountDifferences(lib.Original, File.ReadAllBytes(lib.Path)));
        Assert.Equal(lib.Original, File.ReadAllBytes(cacheStandIn));
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string created);

    private static int CountDifferences(byte[] a, byte[] b)
    {
        int n = 0;
        for (int i = 0; i < a.Length; i++)
        {
            n += a[i] != b[i] ? 1 : 0;
        }

        return n;
    }
}
