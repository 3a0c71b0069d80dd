using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>A member's task loss, with its target checked first so that a bad batch fails with a clear message.</summary>
public static class TaskLosses
{
    /// <summary>
    /// The label that marks a sample without one in the target of a <see cref="TaskLoss.CrossEntropyWhereLabeled"/>
    /// task: −1.
    /// </summary>
    public const long Unlabeled = -1;

    /// <summary>
    /// The task loss of <paramref name="output"/> against <paramref name="target"/>: cross entropy of logits against
    /// Int64 class labels (over the labelled samples only for <see cref="TaskLoss.CrossEntropyWhereLabeled"/>), mean
    /// squared error, or binary cross entropy with logits (stable, no sigmoid + log).
    /// </summary>
    /// <param name="kind">Which loss.</param>
    /// <param name="output">The member's output, (batch, …).</param>
    /// <param name="target">The batch's target for the member.</param>
    /// <param name="field">The target's batch field name, for messages (<c>LeftTarget</c>).</param>
    public static Tensor Compute(TaskLoss kind, Tensor output, Tensor target, string field)
    {
        ArgumentErrors.NotNull(output);
        if (target is null) throw new BatchException(field, $"{field} is required for the {kind} task loss.");
        switch (kind)
        {
            case TaskLoss.CrossEntropy:
                return nn.functional.cross_entropy(output, target);
            case TaskLoss.CrossEntropyWhereLabeled:
                return LabeledCrossEntropy(output, target);
            case TaskLoss.Mse:
                return nn.functional.mse_loss(output, target);
            case TaskLoss.Bce:
                return nn.functional.binary_cross_entropy_with_logits(output, target);
            default:
                throw ArgumentErrors.OutOfRange(nameof(kind), kind, "TaskLoss.None has no loss to compute.");
        }
    }

    /// <summary>
    /// Σ cross entropy over the labelled samples / max(1, their count): the mean over the labelled samples, and an
    /// exact 0 whose gradient is 0 when there is none (a plain mean with ignored labels would divide 0 by 0). Computed
    /// without reading anything back, so a step stays free of device synchronisation.
    /// </summary>
    private static Tensor LabeledCrossEntropy(Tensor output, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        var sum = nn.functional.cross_entropy(output, target, ignore_index: Unlabeled, reduction: nn.Reduction.Sum);
        var labeled = target.ne(Unlabeled).sum().clamp_min(1).to_type(sum.dtype);
        return sum.div(labeled).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Checks <paramref name="target"/> against the member's per-sample output shape before any computation:
    /// cross entropy needs Int64 labels (batch) in [0, classes) (or −1, unlabelled, for
    /// <see cref="TaskLoss.CrossEntropyWhereLabeled"/>); MSE and BCE a Float32 target of the output's shape
    /// (BCE's in [0, 1]).
    /// </summary>
    public static void Validate(TaskLoss kind, string field, Tensor? target, long batch, long[] outputShape, Device device)
    {
        ArgumentErrors.NotNull(outputShape);
        Validate(kind, field, target, batch, Array.ConvertAll(outputShape, d => checked((int)d)), device);
    }

    /// <summary>
    /// <see cref="Validate(TaskLoss, string, Tensor?, long, long[], Device)"/> with the output shape as a generated
    /// network states it (<c>OutputShape</c>): what a generated system's Step passes, without an array per step.
    /// </summary>
    public static void Validate(TaskLoss kind, string field, Tensor? target, long batch, IReadOnlyList<int> outputShape, Device device)
    {
        ArgumentErrors.NotNull(outputShape);
        if (kind == TaskLoss.None) return;
        if (target is null) throw new BatchException(field, $"{field} is required for the {kind} task loss but is null.");
        BatchChecks.RequireDevice(field, target, device);
        if (kind is TaskLoss.CrossEntropy or TaskLoss.CrossEntropyWhereLabeled)
        {
            var dtype = target.dtype;
            if (dtype != ScalarType.Int64 || target.dim() != 1 || target.size(0) != batch)
                throw new BatchException(field, $"{field} must be Int64 class labels of shape [{batch}], got {dtype} {Shape(target.shape)}.");
            long classes = outputShape[outputShape.Count - 1];
            if (batch > 0)
            {
                long lowest = kind == TaskLoss.CrossEntropyWhereLabeled ? Unlabeled : 0;
                var (min, max) = TensorChecks.Int64Range(target, batch);
                if (min < lowest || max >= classes)
                {
                    string allowed = kind == TaskLoss.CrossEntropyWhereLabeled ? $"[0, {classes}) or {Unlabeled} (unlabelled)" : $"[0, {classes})";
                    throw new BatchException(field, $"{field} holds class label {(min < lowest ? min : max)}, outside {allowed}.");
                }
            }
            return;
        }

        // The member's output is Float32 (networks compute in Float32), and libtorch's backward refuses a target of
        // another floating-point type ("Found dtype Double but expected Float").
        if (target.dtype != ScalarType.Float32 || !TensorChecks.IsBatchOf(target, outputShape, batch))
        {
            var expected = new[] { batch }.Concat(outputShape.Select(d => (long)d)).ToArray();
            throw new BatchException(field, $"{field} must be a Float32 tensor of shape {Shape(expected)}, got {target.dtype} {Shape(target.shape)}.");
        }
        if (kind == TaskLoss.Bce && target.numel() > 0 && OutsideUnitInterval(target))
            throw new BatchException(field, $"{field} must hold probabilities in [0, 1] for the Bce task loss.");
    }

    private static bool OutsideUnitInterval(Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        return target.min().ToDouble() < 0 || target.max().ToDouble() > 1;
    }

    internal static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
