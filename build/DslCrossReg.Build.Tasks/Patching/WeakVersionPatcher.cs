using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Build.Tasks.Elf;

namespace DslCrossReg.Build.Tasks.Patching;

/// <summary>
/// Marks as weak (VER_FLG_WEAK) the versions an image requires from one library that the system's copy of
/// that library does not define, so ld.so loads the image instead of failing with "version not found".
/// That is only sound when nothing is ever resolved against those versions: no symbol bound to them may
/// be defined by the image or named by a relocation. Pure: bytes in, decision (and new bytes) out.
/// </summary>
internal static class WeakVersionPatcher
{
    /// <summary>Only libstdc++'s own version families are weakened; anything else missing is a real incompatibility.</summary>
    private static readonly string[] WeakenablePrefixes = { "GLIBCXX_", "CXXABI_" };

    /// <param name="image">The shared object's bytes; never modified.</param>
    /// <param name="requiredLibrary">The vn_file whose requirements are checked, e.g. libstdc++.so.6.</param>
    /// <param name="systemLibraryMachine">e_machine of the system's copy: an image for another machine is not ours to judge.</param>
    /// <param name="availableVersions">The versions the system's copy defines.</param>
    public static PatchResult Patch(byte[] image, string requiredLibrary, ushort systemLibraryMachine, IReadOnlyCollection<string> availableVersions)
    {
        try
        {
            return Decide(image, requiredLibrary, systemLibraryMachine, new HashSet<string>(availableVersions, StringComparer.Ordinal));
        }
        catch (ElfFormatException e)
        {
            return PatchResult.Refused(e.Message);
        }
    }

    private static PatchResult Decide(byte[] image, string requiredLibrary, ushort systemLibraryMachine, HashSet<string> available)
    {
        var elf = ElfFile.Parse(image);
        if (elf.Machine != systemLibraryMachine)
        {
            return PatchResult.NothingToDo(
                $"built for {ElfFile.DescribeMachine(elf.Machine)}, while this system's {requiredLibrary} is {ElfFile.DescribeMachine(systemLibraryMachine)}, so this host never loads it");
        }

        var requirements = elf.ReadVersionRequirements();
        var fromLibrary = requirements.Where(r => r.Library == requiredLibrary).ToList();
        if (fromLibrary.Count == 0)
        {
            return PatchResult.NothingToDo($"requires no version from {requiredLibrary}");
        }

        var missing = fromLibrary.Where(r => !available.Contains(r.Name)).ToList();
        if (missing.Count == 0)
        {
            return PatchResult.NothingToDo($"every version it requires from {requiredLibrary} is defined by the system's copy");
        }

        var foreign = missing.Where(r => !WeakenablePrefixes.Any(p => r.Name.StartsWith(p, StringComparison.Ordinal))).ToList();
        if (foreign.Count > 0)
        {
            return PatchResult.Refused(
                $"{requiredLibrary} on this system lacks {Names(foreign)}, which are not GLIBCXX_/CXXABI_ versions this fix may weaken");
        }

        var toPatch = missing.Where(r => !r.IsWeak).ToList();
        if (toPatch.Count == 0)
        {
            return PatchResult.AlreadyWeak(
                missing.Select(r => r.Name).ToList(),
                $"{Names(missing)} already marked weak");
        }

        foreach (var requirement in toPatch)
        {
            // Indices 0 and 1 are VER_NDX_LOCAL/GLOBAL; a shared index would make the symbol binding ambiguous.
            if (requirement.Index < 2 || requirements.Count(r => r.Index == requirement.Index) > 1)
            {
                return PatchResult.Refused($"{requirement.Name} has version index {requirement.Index}, which is reserved or shared");
            }
        }

        var symbols = elf.ReadDynamicSymbols();
        var relocated = elf.ReadRelocatedSymbolIndices();
        var bound = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var requirement in toPatch)
        {
            var boundHere = symbols.Where(s => s.VersionIndex == requirement.Index).ToList();
            var defined = boundHere.Where(s => s.IsDefined).Select(s => s.Name).ToList();
            if (defined.Count > 0)
            {
                return PatchResult.Refused(
                    $"{requirement.Name} is bound to symbols this file defines ({string.Join(", ", defined)}), so it is not a plain requirement");
            }

            var used = boundHere.Where(s => relocated.Contains(s.Index)).Select(s => s.Name).ToList();
            if (used.Count > 0)
            {
                return PatchResult.Refused(
                    $"{requirement.Name} is missing from the system's {requiredLibrary} and relocations use its symbols ({string.Join(", ", used)}); weakening it would only move the failure to run time");
            }

            bound[requirement.Name] = boundHere.Select(s => s.Name).ToList();
        }

        var patched = (byte[])image.Clone();
        foreach (var requirement in toPatch)
        {
            LittleEndianBytes.WriteU16(patched, requirement.FlagsOffset, (ushort)(requirement.Flags | VersionRequirement.WeakFlag));
        }

        var symbolText = string.Join("; ", toPatch.Select(r =>
            $"{r.Name}: {(bound[r.Name].Count == 0 ? "no symbols" : string.Join(", ", bound[r.Name]))}"));
        return PatchResult.Patched(
            toPatch.Select(r => r.Name).ToList(),
            bound,
            patched,
            $"marked {Names(toPatch)} weak (bound, undefined and unrelocated: {symbolText})");
    }

    private static string Names(IEnumerable<VersionRequirement> requirements)
        => string.Join(", ", requirements.Select(r => r.Name));
}
