using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// The checks a generated system runs on a whole batch before it computes or updates anything, so that a bad
/// field fails with its name and both shapes and leaves every parameter and optimizer state untouched.
/// </summary>
public static class BatchChecks
{
    /// <summary>Checks a member's input field against its network's per-sample shape and the system's device.</summary>
    public static void Input(string field, Tensor? input, string network, TensorShape expected, Device device)
    {
        if (input is null) throw new BatchException(field, $"{field} is required ({network} input {expected}) but is null.");
        if (!InputValidation.Matches(expected, input))
            throw new BatchException(field, field + ": " + InputMessages.Mismatch(network, expected, input.shape, input.dtype.ToString()));
        RequireDevice(field, input, device);
        if (InputValidation.TokenRangeError(network, expected, input) is { } error)
            throw new BatchException(field, field + ": " + error);
    }

    /// <summary>
    /// Refuses a batch without samples: there is no loss to minimise, and libtorch's reductions over an empty batch
    /// give NaN or fail.
    /// </summary>
    public static void NotEmpty(string field, long batchSize)
    {
        if (batchSize == 0)
            throw new BatchException(field, $"{field} holds no samples; a batch needs at least one.");
    }

    /// <summary>Checks that <paramref name="field"/> holds <paramref name="batchSize"/> samples, like <paramref name="reference"/>.</summary>
    public static void SameBatch(string field, Tensor? tensor, string reference, long batchSize)
    {
        if (tensor is null) return;
        if (tensor.dim() > 0 && tensor.size(0) != batchSize)
            throw new BatchException(field, $"{field} holds {tensor.size(0)} samples but {reference} holds {batchSize}; every field of a batch must hold the same samples.");
    }

    /// <summary>Checks similar/dissimilar pair labels: shape [batch], every value exactly 0 or 1.</summary>
    public static void PairLabels(string field, Tensor? labels, long batchSize, Device device)
    {
        if (labels is null) throw new BatchException(field, $"{field} is required by the contrastive term (1 = similar pair, 0 = dissimilar) but is null.");
        if (labels.dim() != 1 || labels.size(0) != batchSize)
            throw new BatchException(field, $"{field} must have shape [{batchSize}], got [{string.Join(", ", labels.shape)}].");
        RequireDevice(field, labels, device);
        using var scope = torch.NewDisposeScope();
        var asDouble = labels.to_type(ScalarType.Float64);
        var bad = (asDouble != 0).logical_and(asDouble != 1).nonzero();
        if (bad.shape[0] > 0)
        {
            long index = bad[0][0].ToInt64();
            throw new BatchException(field, $"{field} must hold only 0 (dissimilar) or 1 (similar); element {index} is {asDouble[index].ToDouble()}.");
        }
    }

    /// <summary>Checks that every floating-point field is finite (optional: it costs one reduction per field).</summary>
    public static void Finite(IEnumerable<(string Field, Tensor? Tensor)> fields)
    {
        foreach (var (field, tensor) in fields)
        {
            if (tensor is null || !tensor.is_floating_point()) continue;
            using var scope = torch.NewDisposeScope();
            if (!tensor.isfinite().all().ToBoolean())
                throw new BatchException(field, $"{field} holds NaN or infinite values.");
        }
    }

    // Devices are compared by type and index: Device is a class without value equality, so `!=` rejected a CPU
    // target for a CPU system (every Step with a task loss threw).
    // The tensor's device type is one call; its index a second, read only when the system's device names one.
    internal static void RequireDevice(string field, Tensor tensor, Device device)
    {
        if (tensor.device_type != device.type || (device.index >= 0 && tensor.device_index != device.index))
            throw new BatchException(field, $"{field} is on {tensor.device}, but the system is on {device}.");
    }
}
