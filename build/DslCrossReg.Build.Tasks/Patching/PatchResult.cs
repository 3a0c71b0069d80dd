using System;
using System.Collections.Generic;

namespace DslCrossReg.Build.Tasks.Patching;

/// <summary>The decision for one image, with everything the build log needs to say why.</summary>
internal sealed class PatchResult
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoSymbols =
        new Dictionary<string, IReadOnlyList<string>>();

    private PatchResult(
        PatchOutcome outcome, string reason, IReadOnlyList<string> versions,
        IReadOnlyDictionary<string, IReadOnlyList<string>> boundSymbols, byte[]? patchedImage)
    {
        Outcome = outcome;
        Reason = reason;
        Versions = versions;
        BoundSymbols = boundSymbols;
        PatchedImage = patchedImage;
    }

    public PatchOutcome Outcome { get; }

    /// <summary>One sentence: what was done, or why nothing was.</summary>
    public string Reason { get; }

    /// <summary>The versions patched (Patched) or found already weak (AlreadyWeak).</summary>
    public IReadOnlyList<string> Versions { get; }

    /// <summary>For each patched version, the .dynsym names bound to it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> BoundSymbols { get; }

    /// <summary>A patched copy of the input (Patched only); the input array is never modified.</summary>
    public byte[]? PatchedImage { get; }

    public static PatchResult Patched(
        IReadOnlyList<string> versions, IReadOnlyDictionary<string, IReadOnlyList<string>> boundSymbols, byte[] patchedImage, string reason)
        => new(PatchOutcome.Patched, reason, versions, boundSymbols, patchedImage);

    public static PatchResult AlreadyWeak(IReadOnlyList<string> versions, string reason)
        => new(PatchOutcome.AlreadyWeak, reason, versions, NoSymbols, null);

    public static PatchResult NothingToDo(string reason)
        => new(PatchOutcome.NothingToDo, reason, Array.Empty<string>(), NoSymbols, null);

    public static PatchResult Refused(string reason)
        => new(PatchOutcome.Refused, reason, Array.Empty<string>(), NoSymbols, null);
}
