namespace DslCrossReg.Build.Tasks.Elf;

/// <summary>One Vernaux entry: a version the image needs from a library it depends on.</summary>
internal sealed class VersionRequirement
{
    /// <summary>VER_FLG_WEAK: a missing weak version is reported by ld.so but does not stop the load.</summary>
    public const ushort WeakFlag = 0x2;

    public VersionRequirement(string library, string name, ushort flags, ushort index, long flagsOffset)
    {
        Library = library;
        Name = name;
        Flags = flags;
        Index = index;
        FlagsOffset = flagsOffset;
    }

    /// <summary>The vn_file of the Verneed entry this belongs to, e.g. libstdc++.so.6.</summary>
    public string Library { get; }
    public string Name { get; }
    public ushort Flags { get; }

    /// <summary>vna_other: the number .gnu.version uses to bind symbols to this version.</summary>
    public ushort Index { get; }

    /// <summary>Absolute file offset of vna_flags, the only bytes the patcher ever writes.</summary>
    public long FlagsOffset { get; }

    public bool IsWeak => (Flags & WeakFlag) != 0;
}
