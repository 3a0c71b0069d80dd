using System;

namespace DslCrossReg;

/// <summary>
/// Declares one cross-regularisation term of a system: a partial class whose partial properties are
/// <c>[Network]</c> members. The generator emits the combined loss, every term named, and the multi-optimizer step.
/// <code>
/// [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
/// public partial class TwoViews { [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; } ... }
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CrossLossAttribute : Attribute
{
    /// <summary>Declares a term of <paramref name="method"/> with weight <paramref name="weight"/> (finite, ≥ 0).</summary>
    public CrossLossAttribute(CrossMethod method, double weight)
    {
        Method = method;
        Weight = weight;
    }

    /// <summary>The method.</summary>
    public CrossMethod Method { get; }

    /// <summary>The term's weight in the total loss.</summary>
    public double Weight { get; }

    /// <summary>Which formula of the method; <see cref="CrossForm.Default"/> picks the method's default.</summary>
    public CrossForm Form { get; set; }

    /// <summary>The tap the term compares (EmbeddingDistance, Adversarial, L2 Distillation, Contrastive).</summary>
    public string? Tap { get; set; }

    /// <summary>The member names the term applies to; by default every pair of (non-reference) members.</summary>
    public string[]? Between { get; set; }

    /// <summary>Distillation: the member mimicked (its output is detached).</summary>
    public string? Teacher { get; set; }

    /// <summary>Distillation: the member that learns to mimic.</summary>
    public string? Student { get; set; }

    /// <summary>ParameterDistance / OutputDisagreement: the member the others are pushed away from (detached).</summary>
    public string? Reference { get; set; }

    /// <summary>Softening temperature: Kl distillation (default 2) and InfoNce (default 0.1); must be positive.</summary>
    public double Temperature { get; set; }

    /// <summary>Contrastive margin (Basic and Weighted: default 0.1; Margin: default 0.2); must not be negative.</summary>
    public double Margin { get; set; }

    /// <summary>Weighted contrastive: weight of similar pairs (default 0.3).</summary>
    public double PositiveWeight { get; set; }

    /// <summary>Weighted contrastive: weight of dissimilar pairs (default 0.7).</summary>
    public double NegativeWeight { get; set; }

    /// <summary>The ε guarding a division (InverseL1 default 1e-6, InverseCrossEntropy default 1e-6).</summary>
    public double Epsilon { get; set; }

    /// <summary>ExpSimilarity: the distance scale (default 0.01); NegativeCrossEntropy: the clamp (default 10).</summary>
    public double Scale { get; set; }

    /// <summary>The weight ramps linearly from 0 over this many steps (0: full weight from the first step).</summary>
    public int WarmupSteps { get; set; }
}
