using System.Collections.Generic;
using System.Linq;
using System.Text;
using static DslCrossReg.Build.Tasks.Elf.LittleEndianBytes;

namespace DslCrossReg.Build.Tasks.Elf;

/// <summary>
/// A read-only view of a 64-bit little-endian ELF shared object (x86-64 or AArch64): the section header
/// table and the GNU symbol-versioning sections. Anything outside that envelope throws
/// <see cref="ElfFormatException"/> so callers refuse instead of guessing.
/// </summary>
internal sealed class ElfFile
{
    public const ushort MachineX86_64 = 62;
    public const ushort MachineAArch64 = 183;

    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;
    private const int VerdefSize = 20;
    private const int VerdauxSize = 8;
    private const int SymbolSize = 24;
    private const int RelaSize = 24;
    private const int RelSize = 16;

    private readonly byte[] _image;

    private ElfFile(byte[] image, ushort machine, IReadOnlyList<ElfSectionHeader> sections)
    {
        _image = image;
        Machine = machine;
        Sections = sections;
    }

    /// <summary>e_machine: 62 for x86-64, 183 for AArch64.</summary>
    public ushort Machine { get; }

    public IReadOnlyList<ElfSectionHeader> Sections { get; }

    public static string DescribeMachine(ushort machine) => machine switch
    {
        MachineX86_64 => "x86-64",
        MachineAArch64 => "AArch64",
        _ => $"e_machine {machine}",
    };

    public static ElfFile Parse(byte[] image)
    {
        if (image.LongLength < HeaderSize)
        {
            throw new ElfFormatException($"the file is {image.LongLength} bytes, shorter than an ELF64 header ({HeaderSize} bytes)");
        }

        if (image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new ElfFormatException(
                $"not an ELF file (magic {image[0]:x2} {image[1]:x2} {image[2]:x2} {image[3]:x2}, expected 7f 45 4c 46)");
        }

        byte elfClass = image[4];
        if (elfClass != 2)
        {
            throw new ElfFormatException(
                $"ELF class {elfClass} ({(elfClass == 1 ? "32-bit" : "unknown")}) is not supported, only ELFCLASS64 (2)");
        }

        byte data = image[5];
        if (data != 1)
        {
            throw new ElfFormatException(
                $"ELF data encoding {data} ({(data == 2 ? "big-endian" : "unknown")}) is not supported, only little-endian (1)");
        }

        if (image[6] != 1)
        {
            throw new ElfFormatException($"ELF identification version {image[6]} is not supported, only EV_CURRENT (1)");
        }

        ushort machine = U16(image, 0x12, "e_machine");
        if (machine != MachineX86_64 && machine != MachineAArch64)
        {
            throw new ElfFormatException($"{DescribeMachine(machine)} is not supported, only x86-64 (62) and AArch64 (183)");
        }

        ulong sectionTableOffset = U64(image, 0x28, "e_shoff");
        ushort sectionHeaderSize = U16(image, 0x3a, "e_shentsize");
        ushort sectionCount = U16(image, 0x3c, "e_shnum");
        if (sectionTableOffset == 0 || sectionCount == 0)
        {
            // e_shnum 0 with a non-zero e_shoff means more than 0xff00 sections (count kept in section 0): never a .so we ship.
            throw new ElfFormatException("the file has no section header table");
        }

        if (sectionHeaderSize != SectionHeaderSize)
        {
            throw new ElfFormatException($"e_shentsize is {sectionHeaderSize}, expected {SectionHeaderSize} for ELF64");
        }

        RequireRange(image, CheckedOffset(sectionTableOffset, "e_shoff"), (long)sectionCount * SectionHeaderSize, "section header table");

        var sections = new List<ElfSectionHeader>(sectionCount);
        for (int i = 0; i < sectionCount; i++)
        {
            long at = (long)sectionTableOffset + (long)i * SectionHeaderSize;
            sections.Add(new ElfSectionHeader(
                index: i,
                type: U32(image, at + 0x04, "sh_type"),
                flags: U64(image, at + 0x08, "sh_flags"),
                offset: U64(image, at + 0x18, "sh_offset"),
                size: U64(image, at + 0x20, "sh_size"),
                link: U32(image, at + 0x28, "sh_link"),
                info: U32(image, at + 0x2c, "sh_info"),
                entrySize: U64(image, at + 0x38, "sh_entsize")));
        }

        return new ElfFile(image, machine, sections);
    }

    /// <summary>The one section of a type, null when there is none; two of a kind is not something ld.so would use.</summary>
    public ElfSectionHeader? FindSingle(uint type, string name)
    {
        var matches = Sections.Where(s => s.Type == type).ToList();
        if (matches.Count > 1)
        {
            throw new ElfFormatException($"the file has {matches.Count} {name} sections, expected at most one");
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>Every Vernaux entry of .gnu.version_r, walking the vn_next and vna_next chains.</summary>
    public IReadOnlyList<VersionRequirement> ReadVersionRequirements()
    {
        var section = FindSingle(ElfSectionType.GnuVersionNeeds, ".gnu.version_r (SHT_GNU_verneed)")
            ?? throw new ElfFormatException("the file has no .gnu.version_r (SHT_GNU_verneed) section");
        var (start, end) = Content(section, ".gnu.version_r");
        var strings = LinkedStringTable(section, ".gnu.version_r");

        var result = new List<VersionRequirement>();
        var visited = new HashSet<long>();
        long entry = start;
        // sh_info is the Verneed count; the chain must end exactly there, which also bounds the walk.
        for (uint n = 0; n < section.Info; n++)
        {
            RequireWithin(entry, VerneedSize, start, end, $"Verneed entry {n}");
            if (!visited.Add(entry))
            {
                throw new ElfFormatException($"the vn_next chain of .gnu.version_r loops back to offset 0x{entry:x}");
            }

            ushort version = U16(_image, entry, "vn_version");
            if (version != 1)
            {
                throw new ElfFormatException($"Verneed entry {n} has vn_version {version}, expected 1");
            }

            ushort auxCount = U16(_image, entry + 2, "vn_cnt");
            string library = ReadString(strings, U32(_image, entry + 4, "vn_file"), $"vn_file of Verneed entry {n}");
            uint auxOffset = U32(_image, entry + 8, "vn_aux");
            uint next = U32(_image, entry + 12, "vn_next");

            ReadVernauxChain(library, entry + auxOffset, auxCount, start, end, strings, visited, result);

            bool last = n == section.Info - 1;
            if (last != (next == 0))
            {
                throw new ElfFormatException(
                    $"the vn_next chain of .gnu.version_r does not match sh_info = {section.Info} (entry {n} has vn_next {next})");
            }

            entry += next;
        }

        return result;
    }

    private void ReadVernauxChain(
        string library, long aux, ushort count, long start, long end, ElfSectionHeader strings,
        HashSet<long> visited, List<VersionRequirement> result)
    {
        for (int k = 0; k < count; k++)
        {
            RequireWithin(aux, VernauxSize, start, end, $"Vernaux entry {k} of {library}");
            if (!visited.Add(aux))
            {
                throw new ElfFormatException($"the vna_next chain of {library} loops back to offset 0x{aux:x}");
            }

            ushort flags = U16(_image, aux + 4, "vna_flags");
            ushort index = U16(_image, aux + 6, "vna_other");
            string name = ReadString(strings, U32(_image, aux + 8, "vna_name"), $"vna_name of Vernaux entry {k} of {library}");
            uint next = U32(_image, aux + 12, "vna_next");
            result.Add(new VersionRequirement(library, name, flags, index, aux + 4));

            bool last = k == count - 1;
            if (last != (next == 0))
            {
                throw new ElfFormatException(
                    $"the vna_next chain of {library} does not match vn_cnt = {count} (entry {k} has vna_next {next})");
            }

            aux += next;
        }
    }

    /// <summary>The version names a library defines (.gnu.version_d): the first Verdaux name of each Verdef.</summary>
    public IReadOnlyList<string> ReadVersionDefinitions()
    {
        var section = FindSingle(ElfSectionType.GnuVersionDefinitions, ".gnu.version_d (SHT_GNU_verdef)")
            ?? throw new ElfFormatException("the file has no .gnu.version_d (SHT_GNU_verdef) section, so it defines no versions");
        var (start, end) = Content(section, ".gnu.version_d");
        var strings = LinkedStringTable(section, ".gnu.version_d");

        var names = new List<string>();
        var visited = new HashSet<long>();
        long entry = start;
        for (uint n = 0; n < section.Info; n++)
        {
            RequireWithin(entry, VerdefSize, start, end, $"Verdef entry {n}");
            if (!visited.Add(entry))
            {
                throw new ElfFormatException($"the vd_next chain of .gnu.version_d loops back to offset 0x{entry:x}");
            }

            ushort version = U16(_image, entry, "vd_version");
            if (version != 1)
            {
                throw new ElfFormatException($"Verdef entry {n} has vd_version {version}, expected 1");
            }

            ushort auxCount = U16(_image, entry + 6, "vd_cnt");
            uint auxOffset = U32(_image, entry + 12, "vd_aux");
            uint next = U32(_image, entry + 16, "vd_next");
            if (auxCount == 0)
            {
                throw new ElfFormatException($"Verdef entry {n} has no name (vd_cnt 0)");
            }

            long aux = entry + auxOffset;
            RequireWithin(aux, VerdauxSize, start, end, $"Verdaux of Verdef entry {n}");
            names.Add(ReadString(strings, U32(_image, aux, "vda_name"), $"vda_name of Verdef entry {n}"));

            bool last = n == section.Info - 1;
            if (last != (next == 0))
            {
                throw new ElfFormatException(
                    $"the vd_next chain of .gnu.version_d does not match sh_info = {section.Info} (entry {n} has vd_next {next})");
            }

            entry += next;
        }

        return names;
    }

    /// <summary>The .dynsym entries with their .gnu.version index.</summary>
    public IReadOnlyList<DynamicSymbol> ReadDynamicSymbols()
    {
        var symbols = FindSingle(ElfSectionType.DynamicSymbols, ".dynsym")
            ?? throw new ElfFormatException("the file has no .dynsym section");
        var versions = FindSingle(ElfSectionType.GnuVersionSymbols, ".gnu.version (SHT_GNU_versym)")
            ?? throw new ElfFormatException("the file has no .gnu.version (SHT_GNU_versym) section");
        RequireEntrySize(symbols, SymbolSize, ".dynsym");
        RequireEntrySize(versions, 2, ".gnu.version");
        if (versions.Link != symbols.Index)
        {
            throw new ElfFormatException($".gnu.version links to section {versions.Link}, not to .dynsym (section {symbols.Index})");
        }

        var (symStart, _) = Content(symbols, ".dynsym");
        var (verStart, _) = Content(versions, ".gnu.version");
        ulong count = symbols.Size / SymbolSize;
        if (versions.Size / 2 != count)
        {
            throw new ElfFormatException($".gnu.version has {versions.Size / 2} entries but .dynsym has {count} symbols");
        }

        var strings = LinkedStringTable(symbols, ".dynsym");
        var result = new List<DynamicSymbol>((int)count);
        for (uint i = 0; i < count; i++)
        {
            long at = symStart + (long)i * SymbolSize;
            string name = ReadString(strings, U32(_image, at, "st_name"), $"st_name of symbol {i}");
            ushort sectionIndex = U16(_image, at + 6, "st_shndx");
            ushort version = U16(_image, verStart + 2L * i, "versym");
            result.Add(new DynamicSymbol(i, name, isDefined: sectionIndex != 0, versionIndex: (ushort)(version & 0x7fff)));
        }

        return result;
    }

    /// <summary>
    /// The .dynsym indices named by any loaded REL/RELA section: those are the symbols ld.so will resolve.
    /// </summary>
    public ISet<uint> ReadRelocatedSymbolIndices()
    {
        var symbols = FindSingle(ElfSectionType.DynamicSymbols, ".dynsym")
            ?? throw new ElfFormatException("the file has no .dynsym section");
        var indices = new HashSet<uint>();
        foreach (var section in Sections.Where(s => s.Type == ElfSectionType.RelocationsWithAddend || s.Type == ElfSectionType.Relocations))
        {
            if (!section.IsLoaded)
            {
                continue;
            }

            if (section.Link != symbols.Index)
            {
                throw new ElfFormatException(
                    $"relocation {section.Describe()} is loaded but uses symbol table section {section.Link}, not .dynsym (section {symbols.Index})");
            }

            int entrySize = section.Type == ElfSectionType.RelocationsWithAddend ? RelaSize : RelSize;
            RequireEntrySize(section, entrySize, $"relocation {section.Describe()}");
            var (start, _) = Content(section, $"relocation {section.Describe()}");
            for (ulong i = 0; i < section.Size / (ulong)entrySize; i++)
            {
                ulong info = U64(_image, start + (long)i * entrySize + 8, "r_info");
                indices.Add((uint)(info >> 32));
            }
        }

        return indices;
    }

    private (long Start, long End) Content(ElfSectionHeader section, string name)
    {
        if (section.Type == ElfSectionType.NoBits)
        {
            throw new ElfFormatException($"{name} ({section.Describe()}) has no bytes in the file (SHT_NOBITS)");
        }

        long start = CheckedOffset(section.Offset, $"sh_offset of {name}");
        long size = CheckedOffset(section.Size, $"sh_size of {name}");
        RequireRange(_image, start, size, $"{name} ({section.Describe()})");
        return (start, start + size);
    }

    private ElfSectionHeader LinkedStringTable(ElfSectionHeader section, string name)
    {
        if (section.Link == 0 || section.Link >= Sections.Count || Sections[(int)section.Link].Type != ElfSectionType.StringTable)
        {
            throw new ElfFormatException($"{name} links to section {section.Link}, which is not a string table");
        }

        return Sections[(int)section.Link];
    }

    private string ReadString(ElfSectionHeader strings, uint offset, string what)
    {
        var (start, end) = Content(strings, "string table");
        long at = start + offset;
        if (offset >= end - start)
        {
            throw new ElfFormatException($"{what} points at string offset {offset}, beyond its string table ({end - start} bytes)");
        }

        long terminator = at;
        while (terminator < end && _image[terminator] != 0)
        {
            terminator++;
        }

        if (terminator == end)
        {
            throw new ElfFormatException($"{what} runs past the end of its string table without a terminating NUL");
        }

        return Encoding.UTF8.GetString(_image, (int)at, (int)(terminator - at));
    }

    private static void RequireEntrySize(ElfSectionHeader section, int expected, string name)
    {
        if (section.EntrySize != (ulong)expected || section.Size % (ulong)expected != 0)
        {
            throw new ElfFormatException(
                $"{name} has sh_entsize {section.EntrySize} and sh_size {section.Size}, expected entries of {expected} bytes");
        }
    }

    private static void RequireWithin(long offset, int length, long start, long end, string what)
    {
        if (offset < start || offset > end - length)
        {
            throw new ElfFormatException(
                $"{what} at offset 0x{offset:x} lies outside its section (0x{start:x}..0x{end:x})");
        }
    }

    private static long CheckedOffset(ulong value, string what)
    {
        if (value > long.MaxValue)
        {
            throw new ElfFormatException($"{what} is 0x{value:x}, beyond any file");
        }

        return (long)value;
    }
}
