namespace DslCrossReg.Build.Tasks.Elf;

/// <summary>One entry of the ELF64 section header table (only the fields the version logic needs).</summary>
internal sealed class ElfSectionHeader
{
    public ElfSectionHeader(int index, uint type, ulong flags, ulong offset, ulong size, uint link, uint info, ulong entrySize)
    {
        Index = index;
        Type = type;
        Flags = flags;
        Offset = offset;
        Size = size;
        Link = link;
        Info = info;
        EntrySize = entrySize;
    }

    public int Index { get; }
    public uint Type { get; }
    public ulong Flags { get; }
    public ulong Offset { get; }
    public ulong Size { get; }
    public uint Link { get; }
    public uint Info { get; }
    public ulong EntrySize { get; }

    /// <summary>SHF_ALLOC: the section is mapped at run time, so the dynamic linker sees it.</summary>
    public bool IsLoaded => (Flags & 0x2) != 0;

    public string Describe() => $"section {Index} (type 0x{Type:x})";
}
