namespace DslCrossReg.Build.Tasks.Elf;

/// <summary>The sh_type values the version logic reads (System V gABI and the GNU symbol-versioning extension).</summary>
internal static class ElfSectionType
{
    public const uint StringTable = 3;
    public const uint RelocationsWithAddend = 4;
    public const uint Relocations = 9;
    public const uint NoBits = 8;
    public const uint DynamicSymbols = 11;
    public const uint GnuVersionDefinitions = 0x6ffffffd;
    public const uint GnuVersionNeeds = 0x6ffffffe;
    public const uint GnuVersionSymbols = 0x6fffffff;
}
