using System;

namespace DslCrossReg;

/// <summary>
/// Marks a static method of a system as a cross term of the user's own: the generator calls it in
/// <c>Loss</c> and <c>Step</c> with the members' outputs, multiplies its value by <see cref="Weight"/> and treats it
/// like a built-in term (named in the terms dictionary, finite-checked, in the magnitude check and the loss graph, and
/// listed in <c>DeclaredTermWeights</c>, so that <c>SetTermWeightScale</c> and <c>Fit</c>'s <c>TermWeights</c> scale its
/// weight).
/// Each parameter reads one member's output: it is named after the member (case-insensitively) and has that member's
/// <c>Output</c> type. The method returns a scalar <c>TorchSharp.torch.Tensor</c>.
/// <code>
/// [CrossTerm(Weight = 0.1, Detach = nameof(Right))]
/// static Tensor Agreement(LeftView.Output left, RightView.Output right)
///     => 1 - torch.nn.functional.cosine_similarity(left.Embedding, right.Embedding).mean();
/// </code>
/// The term is named after the method and the members it reads, in parameter order: <c>"Agreement(Left,Right)"</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CrossTermAttribute : Attribute
{
    /// <summary>The term's weight in the total loss (default 1); must be positive and finite.</summary>
    public double Weight { get; set; } = 1;

    /// <summary>
    /// A member whose output reaches the method detached (every tensor of its <c>Output</c>), so that the term sends
    /// no gradient into it, as a <c>Teacher</c> or <c>Reference</c> of the built-in terms: write
    /// <c>Detach = nameof(Right)</c>. It must be one of the members the method reads.
    /// </summary>
    public string? Detach { get; set; }

    /// <summary>The weight ramps linearly from 0 over this many steps (0, the default: full weight from the first step).</summary>
    public int WarmupSteps { get; set; }
}
