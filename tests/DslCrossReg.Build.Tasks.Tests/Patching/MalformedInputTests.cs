using System;
using DslCrossReg.Build.Tasks.Patching;
using DslCrossReg.Build.Tasks.Tests.Elf;
using DslCrossReg.Build.Tasks.Tests.Fakes;
using Xunit;

namespace DslCrossReg.Build.Tasks.Tests.Patching;

public class MalformedInputTests
{
    private static PatchResult Refuse(byte[] image, string expectedReason)
    {
        var copy = (byte[])image.Clone();
        var result = WeakVersionPatcher.Patch(image, "libstdc++.so.6", 62, LibStdCxxVersions.Debian12);
        Assert.Equal(PatchOutcome.Refused, result.Outcome);
        Assert.Contains(expectedReason, result.Reason);
        Assert.Null(result.PatchedImage);
        Assert.Equal(copy, image);
        return result;
    }

    [Theory]
    [InlineData(0, "shorter than an ELF64 header")]
    [InlineData(3, "shorter than an ELF64 header")]
    [InlineData(63, "shorter than an ELF64 header")]
    [InlineData(64, "section header table")]
    [InlineData(0x3f900, "section header table")]
    [InlineData(-1, "section header table")]
    public void A_truncated_library_is_refused(int length, string reason)
    {
        using var lib = new PristineLibTorchSharp();
        int keep = length < 0 ? lib.Original.Length + length : length;

        Refuse(lib.Original.AsSpan(0, keep).ToArray(), reason);
    }

    [Fact]
    public void A_library_cut_inside_verneed_with_its_section_table_intact_is_refused()
    {
        // The section table sits at the end, so plain truncation always hits it first. Moving it over the
        // program headers (which the reader does not use) lets the cut land inside .gnu.version_r instead.
        using var lib = new PristineLibTorchSharp();
        var (_, verneed) = RawSectionTable.Find(lib.Original, 0x6ffffffe);
        long table = (long)BitConverter.ToUInt64(lib.Original, 0x28);
        int tableLength = lib.Original.Length - (int)table;
        var image = lib.Original.AsSpan(0, (int)verneed + 0x100).ToArray();
        Array.Copy(lib.Original, table, image, 0x40, tableLength);
        BitConverter.GetBytes(0x40ul).CopyTo(image, 0x28);

        Refuse(image, ".gnu.version_r (section 6");
    }

    [Fact]
    public void A_32_bit_elf_is_refused() => Refuse(Corrupt(4, 1), "32-bit");

    [Fact]
    public void A_big_endian_elf_is_refused() => Refuse(Corrupt(5, 2), "big-endian");

    [Fact]
    public void A_file_without_the_elf_magic_is_refused() => Refuse(Corrupt(1, (byte)'X'), "not an ELF file");

    [Fact]
    public void A_library_without_a_verneed_section_is_refused()
    {
        using var lib = new PristineLibTorchSharp();
        var image = (byte[])lib.Original.Clone();
        var (header, _) = RawSectionTable.Find(image, 0x6ffffffe);
        BitConverter.GetBytes(1u).CopyTo(image, header + 4); // now SHT_PROGBITS

        Refuse(image, "no .gnu.version_r");
    }

    [Fact]
    public void A_vn_next_pointing_past_the_section_is_refused()
    {
        using var lib = new PristineLibTorchSharp();
        var image = (byte[])lib.Original.Clone();
        var (_, first) = RawSectionTable.Find(image, 0x6ffffffe);
        BitConverter.GetBytes(0x100000u).CopyTo(image, first + 12);

        Refuse(image, "lies outside its section");
    }

    [Fact]
    public void A_vna_next_that_would_wrap_back_in_32_bit_arithmetic_is_refused()
    {
        using var lib = new PristineLibTorchSharp();
        var image = (byte[])lib.Original.Clone();
        long entry = RawSectionTable.Verneed(image, "libstdc++.so.6");
        long firstAux = entry + BitConverter.ToUInt32(image, (int)entry + 8);
        BitConverter.GetBytes(0xfffffff0u).CopyTo(image, firstAux + 12);

        Refuse(image, "lies outside its section");
    }

    [Fact]
    public void A_vn_aux_pointing_back_at_its_own_verneed_entry_is_refused_as_a_loop()
    {
        using var lib = new PristineLibTorchSharp();
        var image = (byte[])lib.Original.Clone();
        long entry = RawSectionTable.Verneed(image, "libstdc++.so.6");
        BitConverter.GetBytes(0u).CopyTo(image, entry + 8);

        Refuse(image, "loops back");
    }

    [Fact]
    public void A_vn_cnt_that_disagrees_with_the_vna_next_chain_is_refused()
    {
        using var lib = new PristineLibTorchSharp();
        var image = (byte[])lib.Original.Clone();
        long entry = RawSectionTable.Verneed(image, "libstdc++.so.6");
        BitConverter.GetBytes((ushort)21).CopyTo(image, entry + 2);

        Refuse(image, "does not match vn_cnt = 21");
    }

    [Fact]
    public void A_version_whose_symbol_is_named_by_a_relocation_is_refused_naming_the_symbol()
    {
        var image = SyntheticElf.Consumer(
            new[] { ("GLIBCXX_3.4.30", (ushort)2), ("GLIBCXX_3.4.32", (ushort)3) },
            new[] { new SyntheticSymbol("_ZNSt8ios_base4InitC1Ev", 2), new SyntheticSymbol("_ZSt21ios_base_library_initv", 3) },
            relocatedSymbols: new uint[] { 1, 2 });

        Refuse(image, "relocations use its symbols (_ZSt21ios_base_library_initv)");
    }

    [Fact]
    public void A_version_bound_to_a_symbol_the_file_defines_is_refused_naming_the_symbol()
    {
        var image = SyntheticElf.Consumer(
            new[] { ("GLIBCXX_3.4.32", (ushort)2) },
            new[] { new SyntheticSymbol("_ZSt21ios_base_library_initv", 2, Defined: true) },
            relocatedSymbols: Array.Empty<uint>());

        Refuse(image, "symbols this file defines (_ZSt21ios_base_library_initv)");
    }

    [Fact]
    public void The_same_synthetic_library_without_the_relocation_is_patched()
    {
        // Guards the two refusals above: the builder's output is otherwise acceptable.
        var image = SyntheticElf.Consumer(
            new[] { ("GLIBCXX_3.4.30", (ushort)2), ("GLIBCXX_3.4.32", (ushort)3) },
            new[] { new SyntheticSymbol("_ZNSt8ios_base4InitC1Ev", 2), new SyntheticSymbol("_ZSt21ios_base_library_initv", 3) },
            relocatedSymbols: new uint[] { 1 });

        var result = WeakVersionPatcher.Patch(image, "libstdc++.so.6", 62, LibStdCxxVersions.Debian12);

        Assert.Equal(PatchOutcome.Patched, result.Outcome);
        Assert.Equal(new[] { "_ZSt21ios_base_library_initv" }, result.BoundSymbols["GLIBCXX_3.4.32"]);
    }

    private static byte[] Corrupt(int offset, byte value)
    {
        using var lib = new PristineLibTorchSharp();
        var image = (byte[])lib.Original.Clone();
        image[offset] = value;
        return image;
    }
}
