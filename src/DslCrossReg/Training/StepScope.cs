using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using TorchSharp;

namespace DslCrossReg.Training;

/// <summary>
/// The dispose scope a system's step runs in, with the set that records its tensors kept from step to step. TorchSharp's
/// <see cref="DisposeScope"/> records every tensor made while it is open in a <see cref="HashSet{T}"/> it makes anew for
/// each scope, and the set grows (3, 7, 17, 37, … entries, each growth a new pair of arrays) with the tensors of the
/// step: for a step of about 25 tensors that was more managed memory than everything else the step allocated
/// (bench/README.md, issue 12). Here each new scope is handed the system's own set, emptied but as large as the
/// largest step needed, so a step's scope costs the scope object and nothing that grows.
/// </summary>
/// <remarks>
/// The set is handed over through TorchSharp's internal <c>DisposeScope.Disposables</c> setter (checked against the
/// TorchSharp version this library is built with by a test). If a TorchSharp version lacks it, the scope keeps its own
/// set, as any dispose scope does: the step frees the same tensors either way. One scope is open at a time (a system's
/// steps do not overlap).
/// </remarks>
public sealed class StepScope
{
    private static bool handOverWorks = true;
    private readonly HashSet<IDisposable> recorded = new(ReferenceEqualityComparer.Instance);

    /// <summary>Opens the step's dispose scope: every tensor made until it is disposed is freed then.</summary>
    public DisposeScope Open()
    {
        var scope = torch.NewDisposeScope();
        // What the last step's scope recorded was freed when it closed; the entries are stale.
        recorded.Clear();
        if (handOverWorks)
        {
            try
            {
                SetDisposables(scope, recorded);
            }
            catch (MissingMethodException)
            {
                handOverWorks = false;
            }
        }
        return scope;
    }

    /// <summary>Whether scopes are handed the kept set (false only on a TorchSharp without the internal setter).</summary>
    public static bool HandsOverItsSet => handOverWorks;

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Disposables")]
    private static extern void SetDisposables(DisposeScope scope, HashSet<IDisposable> value);
}
