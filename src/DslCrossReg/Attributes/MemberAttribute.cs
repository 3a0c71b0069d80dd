using System;

namespace DslCrossReg;

/// <summary>A member's own objective.</summary>
public enum TaskLoss
{
    /// <summary>No task loss: the member learns only from cross terms (or is a frozen reference).</summary>
    None,
    /// <summary>Cross entropy of logits against Int64 class labels.</summary>
    CrossEntropy,
    /// <summary>Mean squared error against a target of the output's shape.</summary>
    Mse,
    /// <summary>Binary cross entropy with logits against targets in [0, 1].</summary>
    Bce,
    /// <summary>
    /// Cross entropy of logits against Int64 class labels where a sample may have none: label
    /// <see cref="Training.TaskLosses.Unlabeled"/> (−1) marks an unlabelled sample, which adds nothing to the loss.
    /// The loss is the mean over the batch's labelled samples, and 0 (with a zero gradient) for a batch without one:
    /// semi-supervised training, e.g. a student that sees a few labels and a teacher's soft targets on every sample.
    /// </summary>
    CrossEntropyWhereLabeled,
}

/// <summary>The optimizer a member gets.</summary>
public enum OptimizerKind
{
    /// <summary>Adam.</summary>
    Adam,
    /// <summary>
    /// AdamW (decoupled weight decay), with PyTorch's default weight decay of 0.01 when
    /// <see cref="MemberAttribute.WeightDecay"/> is not written (TorchSharp's own <c>optim.AdamW</c> defaults to 0).
    /// </summary>
    AdamW,
    /// <summary>Stochastic gradient descent, with <see cref="MemberAttribute.Momentum"/>.</summary>
    Sgd,
}

/// <summary>Configures one member network of a <see cref="CrossLossAttribute"/> system.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MemberAttribute : Attribute
{
    /// <summary>The member's task loss (default none).</summary>
    public TaskLoss Task { get; set; }

    /// <summary>The member's optimizer (default Adam).</summary>
    public OptimizerKind Optimizer { get; set; }

    /// <summary>Learning rate (default 1e-3).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>
    /// Weight decay. Not written, it is PyTorch's default for the optimizer: 0.01 for
    /// <see cref="OptimizerKind.AdamW"/> (as <c>torch.optim.AdamW</c>; TorchSharp's <c>optim.AdamW</c> would use 0),
    /// 0 for <see cref="OptimizerKind.Adam"/> and <see cref="OptimizerKind.Sgd"/>. Written, it is used as written:
    /// <c>WeightDecay = 0</c> turns AdamW's decay off. (The generator reads whether it is written; this property
    /// reads 0 when it is not.)
    /// </summary>
    public double WeightDecay { get; set; }

    /// <summary>SGD momentum (default 0).</summary>
    public double Momentum { get; set; }

    /// <summary>Clip the member's gradient norm to this value before its step (0: no clipping).</summary>
    public double GradientClipNorm { get; set; }

    /// <summary>No optimizer, no gradients, always in eval mode: a trained reference or teacher.</summary>
    public bool Frozen { get; set; }

    /// <summary>
    /// The device this member lives on (<c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:1"</c>); by default the system's. Its
    /// batch fields must be on it; cross terms move the second member's tensors to the first's device, and the
    /// total is summed on the system's device.
    /// </summary>
    public string? Device { get; set; }
}

/// <summary>Marks a <c>[Network]</c> property of a system as the Adversarial terms' discriminator (logit output).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DiscriminatorAttribute : Attribute
{
    /// <summary>The discriminator's optimizer (default Adam); AdamW decays its weights by 0.01, PyTorch's default.</summary>
    public OptimizerKind Optimizer { get; set; }

    /// <summary>The discriminator's learning rate (default 1e-3).</summary>
    public double LearningRate { get; set; } = 1e-3;
}

/// <summary>How members' outputs are normalised before their task losses (scenario 3).</summary>
public enum NormMethod
{
    /// <summary>Per-sample min–max, ε-safe.</summary>
    Range,
    /// <summary>Per-sample z-score.</summary>
    Standardize,
    /// <summary>
    /// Z-score with statistics pooled per sample over every member's output
    /// (<see cref="Losses.SharedStatistics.PerSample"/>, not per feature): for sample i, one mean and one variance
    /// of the concatenation of every member's row i, applied to each member's row i.
    /// </summary>
    SharedStandardize,
}

/// <summary>
/// Normalises every member's output with <see cref="Method"/> before the task losses. Only the outputs are
/// normalised: each target is compared as given, so it must already live in the normalised space (a one-hot row
/// is its own min–max normalisation; its per-sample z-score is what a standardised output can reach).
/// <see cref="NormMethod.SharedStandardize"/> couples the members: each member's task loss depends on every
/// member's output through the pooled statistics, and its gradient reaches every trained member (the loss graph
/// shows those edges). With <see cref="NormMethod.Range"/> or a standardisation, a constant output row is
/// normalised to zeros instead of NaN, but its gradient is of the order of 1/ε (Range) or 1/√ε: adaptive
/// optimizers absorb that, plain SGD may not.
/// <para>Cross terms read the members' raw outputs. The generated <c>Outputs</c> (what <c>Evaluate</c> returns)
/// hold both: each member's <c>Result</c> as its network computed it, and <c>&lt;Member&gt;Normalized</c>, that
/// Result normalised exactly as the task losses see it (the tensors <c>Step</c> and <c>Loss</c> compare with the
/// targets), so a validation metric on normalised targets reads the latter.</para>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OutputNormAttribute : Attribute
{
    /// <summary>Declares the normalisation.</summary>
    public OutputNormAttribute(NormMethod method) => Method = method;

    /// <summary>The normalisation.</summary>
    public NormMethod Method { get; }

    /// <summary>The ε of the normaliser (default 1e-8).</summary>
    public double Epsilon { get; set; }
}

/// <summary>All members read the same input: the generated Batch has one <c>Input</c> field instead of one per member.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SharedInputAttribute : Attribute
{
}
