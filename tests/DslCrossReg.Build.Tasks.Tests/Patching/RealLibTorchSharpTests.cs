using System;
using System.Linq;
using DslCrossReg.Build.Tasks.Patching;
using DslCrossReg.Build.Tasks.Tests.Elf;
using DslCrossReg.Build.Tasks.Tests.Fakes;
using Xunit;

namespace DslCrossReg.Build.Tasks.Tests.Patching;

public class RealLibTorchSharpTests
{
    private const string LibStdCxx = "libstdc++.so.6";

    [Fact]
    public void Against_debian_12_only_the_flags_of_GLIBCXX_3_4_32_change_and_only_by_the_weak_bit()
    {
        using var lib = new PristineLibTorchSharp();

        var result = WeakVersionPatcher.Patch(lib.Original, LibStdCxx, 62, LibStdCxxVersions.Debian12);

        Assert.Equal(PatchOutcome.Patched, result.Outcome);
        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, result.Versions);
        // Measured with readelf --dyn-syms -V on the package: the one symbol versioned GLIBCXX_3.4.32.
        Assert.Equal(new[] { "_ZSt21ios_base_library_initv" }, result.BoundSymbols["GLIBCXX_3.4.32"]);
        var patched = result.PatchedImage!;
        Assert.Equal(lib.Original.Length, patched.Length);
        var changed = Enumerable.Range(0, patched.Length).Where(i => patched[i] != lib.Original[i]).ToList();
        int at = Assert.Single(changed);
        Assert.Equal(0, lib.Original[at]);
        Assert.Equal(2, patched[at]);
        // vna_flags follows vna_hash, so the 4 bytes before the change must be the ELF hash of the version's name.
        Assert.Equal(SyntheticElf.ElfHash("GLIBCXX_3.4.32"), BitConverter.ToUInt32(patched, at - 4));
        Assert.Equal(lib.Original, System.IO.File.ReadAllBytes(lib.Source));
    }

    [Fact]
    public void A_second_run_on_the_patched_bytes_reports_already_weak_and_produces_nothing_to_write()
    {
        using var lib = new PristineLibTorchSharp();
        var once = WeakVersionPatcher.Patch(lib.Original, LibStdCxx, 62, LibStdCxxVersions.Debian12).PatchedImage!;

        var twice = WeakVersionPatcher.Patch(once, LibStdCxx, 62, LibStdCxxVersions.Debian12);

        Assert.Equal(PatchOutcome.AlreadyWeak, twice.Outcome);
        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, twice.Versions);
        Assert.Null(twice.PatchedImage);
    }

    [Fact]
    public void Against_a_libstdcxx_that_defines_GLIBCXX_3_4_32_there_is_nothing_to_do()
    {
        using var lib = new PristineLibTorchSharp();

        var result = WeakVersionPatcher.Patch(lib.Original, LibStdCxx, 62, LibStdCxxVersions.Gcc13);

        Assert.Equal(PatchOutcome.NothingToDo, result.Outcome);
        Assert.Null(result.PatchedImage);
    }

    [Fact]
    public void Against_a_system_library_for_another_machine_there_is_nothing_to_do()
    {
        using var lib = new PristineLibTorchSharp();

        var result = WeakVersionPatcher.Patch(lib.Original, LibStdCxx, 183, LibStdCxxVersions.Debian12);

        Assert.Equal(PatchOutcome.NothingToDo, result.Outcome);
        Assert.Contains("AArch64", result.Reason);
    }

    [Fact]
    public void A_missing_version_outside_the_GLIBCXX_and_CXXABI_families_is_refused()
    {
        using var lib = new PristineLibTorchSharp();
        var withoutAbi = LibStdCxxVersions.Debian12.Where(v => v != "CXXABI_1.3.13").Concat(new[] { "GLIBCXX_3.4.32" }).ToList();
        var image = (byte[])lib.Original.Clone();

        // Rename the needed CXXABI_1.3.13 to a foreign family by editing its string: "CXXABI" -> "CXXABJ".
        int name = IndexOf(image, "CXXABI_1.3.13\0");
        image[name + 5] = (byte)'J';
        var result = WeakVersionPatcher.Patch(image, LibStdCxx, 62, withoutAbi);

        Assert.Equal(PatchOutcome.Refused, result.Outcome);
        Assert.Contains("CXXABJ_1.3.13", result.Reason);
    }

    private static int IndexOf(byte[] haystack, string needle)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(needle);
        for (int i = 0; i + bytes.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, bytes.Length).SequenceEqual(bytes))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{needle}' not found");
    }
}
