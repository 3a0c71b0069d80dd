namespace DslCrossReg.Build.Tasks.Elf;

/// <summary>A .dynsym entry together with the version index .gnu.version gives it.</summary>
internal sealed class DynamicSymbol
{
    public DynamicSymbol(uint index, string name, bool isDefined, ushort versionIndex)
    {
        Index = index;
        Name = name;
        IsDefined = isDefined;
        VersionIndex = versionIndex;
    }

    public uint Index { get; }
    public string Name { get; }

    /// <summary>st_shndx is not SHN_UNDEF: the image itself provides the symbol.</summary>
    public bool IsDefined { get; }

    /// <summary>The versym value with the hidden bit (0x8000) cleared.</summary>
    public ushort VersionIndex { get; }
}
