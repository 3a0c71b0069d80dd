using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>A member's task loss, with its target checked first so that a bad batch fails with a clear message.</summary>
public static class TaskLosses
{
    /// <summary>
    /// The task loss of <paramref name="output"/> against <paramref name="target"/>: cross entropy of logits against
    /// Int64 class labels, mean squared error, or binary cross entropy with logits (stable, no sigmoid + log).
    /// </summary>
    /// <param name="kind">Which loss.</param>
    /// <param name="output">The member's output, (batch, …).</param>
    /// <param name="target">The batch's target for the member.</param>
    /// <param name="field">The target's batch field name, for messages (<c>LeftTarget</c>).</param>
    public static Tensor Compute(TaskLoss kind, Tensor output, Tensor target, string field)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (target is null) throw new BatchException(field, $"{field} is required for the {kind} task loss.");
        switch (kind)
        {
            case TaskLoss.CrossEntropy:
                return nn.functional.cross_entropy(output, target);
            case TaskLoss.Mse:
                return nn.functional.mse_loss(output, target);
            case TaskLoss.Bce:
                return nn.functional.binary_cross_entropy_with_logits(output, target);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "TaskLoss.None has no loss to compute.");
        }
    }

    /// <summary>
    /// Checks <paramref name="target"/> against the member's per-sample output shape before any computation:
    /// cross entropy needs Int64 labels (batch) in [0, classes); MSE and BCE a float target of the output's shape
    /// (BCE's in [0, 1]).
    /// </summary>
    public static void Validate(TaskLoss kind, string field, Tensor? target, long batch, long[] outputShape, Device device)
    {
        if (kind == TaskLoss.None) return;
        if (target is null) throw new BatchException(field, $"{field} is required for the {kind} task loss but is null.");
        // Device is a class without value equality: a tensor's device is a fresh instance, never the system's.
        if (target.device.type != device.type || (device.index >= 0 && target.device.index != device.index))
            throw new BatchException(field, $"{field} is on {target.device}, expected {device}.");
        if (kind == TaskLoss.CrossEntropy)
        {
            if (target.dtype != ScalarType.Int64 || target.dim() != 1 || target.shape[0] != batch)
                throw new BatchException(field, $"{field} must be Int64 class labels of shape [{batch}], got {target.dtype} {Shape(target.shape)}.");
            long classes = outputShape[outputShape.Length - 1];
            if (target.numel() > 0)
            {
                long min = target.min().ToInt64(), max = target.max().ToInt64();
                if (min < 0 || max >= classes)
                    throw new BatchException(field, $"{field} holds class label {(min < 0 ? min : max)}, outside [0, {classes}).");
            }
            return;
        }

        var expected = new[] { batch }.Concat(outputShape).ToArray();
        if (!target.is_floating_point() || !target.shape.SequenceEqual(expected))
            throw new BatchException(field, $"{field} must be a floating-point tensor of shape {Shape(expected)}, got {target.dtype} {Shape(target.shape)}.");
        if (kind == TaskLoss.Bce && target.numel() > 0 && (target.min().ToDouble() < 0 || target.max().ToDouble() > 1))
            throw new BatchException(field, $"{field} must hold probabilities in [0, 1] for the Bce task loss.");
    }

    internal static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
