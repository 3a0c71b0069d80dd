using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace DslCrossReg.Build.Tasks.Tests.Elf;

/// <summary>A symbol for <see cref="SyntheticElf"/>: its name, its .gnu.version index, whether the file defines it.</summary>
internal sealed record SyntheticSymbol(string Name, ushort VersionIndex, bool Defined = false);

/// <summary>
/// Writes small ELF64 little-endian shared-object images laid out the way GNU ld does it, from the System V
/// gABI and the LSB symbol-versioning tables, independently of the reader under test.
/// </summary>
internal static class SyntheticElf
{
    /// <summary>A libstdc++ stand-in that defines <paramref name="versions"/> in .gnu.version_d.</summary>
    public static byte[] LibraryDefining(IEnumerable<string> versions, ushort machine = 62)
    {
        var strings = new StringTable();
        var names = new[] { "libstdc++.so.6" }.Concat(versions).ToList();
        var verdef = new MemoryStream();
        for (int i = 0; i < names.Count; i++)
        {
            bool last = i == names.Count - 1;
            Write16(verdef, 1); // vd_version
            Write16(verdef, (ushort)(i == 0 ? 1 : 0)); // vd_flags: VER_FLG_BASE on the file's own name
            Write16(verdef, (ushort)(i + 1)); // vd_ndx
            Write16(verdef, 1); // vd_cnt
            Write32(verdef, ElfHash(names[i]));
            Write32(verdef, 20); // vd_aux
            Write32(verdef, last ? 0u : 28u); // vd_next
            Write32(verdef, strings.Add(names[i])); // vda_name
            Write32(verdef, 0); // vda_next
        }

        return Build(machine, strings, new List<Section>
        {
            new(".gnu.version_d", 0x6ffffffd, 0x2, verdef.ToArray(), LinkToDynstr: true, Info: (uint)names.Count, EntrySize: 0),
        });
    }

    /// <summary>
    /// A consumer of libstdc++.so.6 requiring <paramref name="required"/> (name, vna_other index), with the given
    /// dynamic symbols and the .dynsym indices (1-based, 0 is the null symbol) named by relocations.
    /// </summary>
    public static byte[] Consumer(
        IReadOnlyList<(string Name, ushort Index)> required,
        IReadOnlyList<SyntheticSymbol> symbols,
        IReadOnlyList<uint> relocatedSymbols)
    {
        var strings = new StringTable();
        uint file = strings.Add("libstdc++.so.6");

        var verneed = new MemoryStream();
        Write16(verneed, 1);
        Write16(verneed, (ushort)required.Count);
        Write32(verneed, file);
        Write32(verneed, 16);
        Write32(verneed, 0);
        for (int i = 0; i < required.Count; i++)
        {
            Write32(verneed, ElfHash(required[i].Name));
            Write16(verneed, 0);
            Write16(verneed, required[i].Index);
            Write32(verneed, strings.Add(required[i].Name));
            Write32(verneed, i == required.Count - 1 ? 0u : 16u);
        }

        var dynsym = new MemoryStream();
        var versym = new MemoryStream();
        dynsym.Write(new byte[24]);
        Write16(versym, 0);
        foreach (var symbol in symbols)
        {
            Write32(dynsym, strings.Add(symbol.Name));
            dynsym.WriteByte(0x12); // STB_GLOBAL, STT_FUNC
            dynsym.WriteByte(0);
            Write16(dynsym, (ushort)(symbol.Defined ? 9 : 0)); // st_shndx: some section, or SHN_UNDEF
            Write64(dynsym, symbol.Defined ? 0x1000ul : 0ul);
            Write64(dynsym, 0);
            Write16(versym, symbol.VersionIndex);
        }

        var rela = new MemoryStream();
        foreach (uint index in relocatedSymbols)
        {
            Write64(rela, 0x2000);
            Write64(rela, (ulong)index << 32 | 6); // R_X86_64_GLOB_DAT
            Write64(rela, 0);
        }

        // Section indices: 1 .dynstr, 2 .dynsym, 3 .gnu.version, 4 .gnu.version_r, 5 .rela.dyn.
        return Build(62, strings, new List<Section>
        {
            new(".dynsym", 11, 0x2, dynsym.ToArray(), LinkToDynstr: true, Info: 1, EntrySize: 24),
            new(".gnu.version", 0x6fffffff, 0x2, versym.ToArray(), LinkToDynstr: false, Info: 0, EntrySize: 2, Link: 2),
            new(".gnu.version_r", 0x6ffffffe, 0x2, verneed.ToArray(), LinkToDynstr: true, Info: 1, EntrySize: 0),
            new(".rela.dyn", 4, 0x2, rela.ToArray(), LinkToDynstr: false, Info: 0, EntrySize: 24, Link: 2),
        });
    }

    /// <summary>The System V ELF hash, as stored in vna_hash and vd_hash.</summary>
    public static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (byte c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0)
            {
                h ^= g >> 24;
            }

            h &= ~g;
        }

        return h;
    }

    private sealed record Section(string Name, uint Type, ulong Flags, byte[] Content, bool LinkToDynstr, uint Info, ulong EntrySize, uint Link = 0);

    private sealed class StringTable
    {
        private readonly MemoryStream _bytes = new();

        public StringTable() => _bytes.WriteByte(0);

        public uint Add(string s)
        {
            uint at = (uint)_bytes.Length;
            _bytes.Write(Encoding.UTF8.GetBytes(s));
            _bytes.WriteByte(0);
            return at;
        }

        public byte[] ToArray() => _bytes.ToArray();
    }

    private static byte[] Build(ushort machine, StringTable strings, List<Section> rest)
    {
        // Section 0 is SHN_UNDEF, 1 is .dynstr, then the given sections in order.
        var contents = new List<(uint Type, ulong Flags, byte[] Content, uint Link, uint Info, ulong EntrySize)>
        {
            (0, 0, Array.Empty<byte>(), 0, 0, 0),
            (3, 0x2, strings.ToArray(), 0, 0, 0),
        };
        contents.AddRange(rest.Select(s => (s.Type, s.Flags, s.Content, s.LinkToDynstr ? 1u : s.Link, s.Info, s.EntrySize)));

        var image = new MemoryStream();
        image.Write(new byte[64]);
        var offsets = new List<ulong>();
        foreach (var c in contents)
        {
            while (image.Length % 8 != 0)
            {
                image.WriteByte(0);
            }

            offsets.Add(c.Type == 0 ? 0 : (ulong)image.Length);
            image.Write(c.Content);
        }

        while (image.Length % 8 != 0)
        {
            image.WriteByte(0);
        }

        ulong sectionTable = (ulong)image.Length;
        for (int i = 0; i < contents.Count; i++)
        {
            var c = contents[i];
            Write32(image, 0);
            Write32(image, c.Type);
            Write64(image, c.Flags);
            Write64(image, offsets[i]);
            Write64(image, offsets[i]);
            Write64(image, (ulong)c.Content.Length);
            Write32(image, c.Link);
            Write32(image, c.Info);
            Write64(image, 8);
            Write64(image, c.EntrySize);
        }

        var bytes = image.ToArray();
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(bytes, 0);
        BitConverter.GetBytes((ushort)3).CopyTo(bytes, 0x10); // ET_DYN
        BitConverter.GetBytes(machine).CopyTo(bytes, 0x12);
        BitConverter.GetBytes(1u).CopyTo(bytes, 0x14);
        BitConverter.GetBytes(sectionTable).CopyTo(bytes, 0x28);
        BitConverter.GetBytes((ushort)64).CopyTo(bytes, 0x34);
        BitConverter.GetBytes((ushort)64).CopyTo(bytes, 0x3a);
        BitConverter.GetBytes((ushort)contents.Count).CopyTo(bytes, 0x3c);
        return bytes;
    }

    private static void Write16(Stream s, ushort v) => s.Write(BitConverter.GetBytes(v));
    private static void Write32(Stream s, uint v) => s.Write(BitConverter.GetBytes(v));
    private static void Write64(Stream s, ulong v) => s.Write(BitConverter.GetBytes(v));
}
