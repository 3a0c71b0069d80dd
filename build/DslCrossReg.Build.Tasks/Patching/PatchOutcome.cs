namespace DslCrossReg.Build.Tasks.Patching;

/// <summary>What <see cref="WeakVersionPatcher"/> decided for one image.</summary>
internal enum PatchOutcome
{
    /// <summary>The missing versions were marked weak; <see cref="PatchResult.PatchedImage"/> holds the new bytes.</summary>
    Patched,

    /// <summary>Every missing version was already weak (a previous run patched this copy).</summary>
    AlreadyWeak,

    /// <summary>The system library defines every version the image needs, or the image does not need that library.</summary>
    NothingToDo,

    /// <summary>The image is not understood or weakening would be unsafe; the bytes must stay as they are.</summary>
    Refused,
}
