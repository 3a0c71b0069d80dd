using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg;

/// <summary>
/// Argument validation shared by every public tensor function: each failure is an
/// <see cref="ArgumentException"/> that names the argument and states the expected and actual shape.
/// </summary>
internal static class TensorChecks
{
    /// <summary>
    /// The smallest and largest of <paramref name="count"/> Int64 values (class labels, token ids). Values in CPU
    /// memory are read where they are (a few calls into libtorch, no tensor made, a loop over the values); elsewhere
    /// one reduction gives both.
    /// </summary>
    public static (long Min, long Max) Int64Range(Tensor labels, long count)
    {
        if (count <= int.MaxValue / sizeof(long) && labels.device_type == DeviceType.CPU && labels.is_contiguous())
        {
            long min = long.MaxValue, max = long.MinValue;
            foreach (long label in MemoryMarshal.Cast<byte, long>(labels.bytes))
            {
                if (label < min) min = label;
                if (label > max) max = label;
            }
            return (min, max);
        }
        // The reductions are freed here: validation runs every step, outside the step's dispose scope.
        using var scope = torch.NewDisposeScope();
        var (low, high) = labels.aminmax();
        return (low.ToInt64(), high.ToInt64());
    }

    /// <summary>Formats a shape as <c>[2, 3]</c>.</summary>
    public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";

    public static string Format(Tensor t) => Format(t.shape);

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> have the same shape, read dimension by dimension: TorchSharp's
    /// <c>shape</c> allocates an array (and its marshalling) on every read, and these checks run on every step.
    /// </summary>
    public static bool SameShape(Tensor a, Tensor b)
    {
        long rank = a.dim();
        if (b.dim() != rank) return false;
        for (int i = 0; i < rank; i++)
            if (a.size(i) != b.size(i)) return false;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="t"/> is a batch of <paramref name="perSample"/>: rank one more, every per-sample dimension
    /// equal, and <paramref name="batch"/> samples unless it is negative. Read dimension by dimension, as
    /// <see cref="SameShape"/>: the input checks and target checks of every step use it.
    /// </summary>
    public static bool IsBatchOf(Tensor t, IReadOnlyList<int> perSample, long batch = -1)
    {
        if (t.dim() != perSample.Count + 1 || (batch >= 0 && t.size(0) != batch)) return false;
        for (int i = 0; i < perSample.Count; i++)
            if (t.size(i + 1) != perSample[i]) return false;
        return true;
    }

    public static void RequireNotNull(Tensor? t, string name)
    {
        if (t is null) throw new ArgumentNullException(name);
    }

    public static void RequireFloating(Tensor t, string name)
    {
        RequireNotNull(t, name);
        if (!t.is_floating_point())
            throw ArgumentErrors.Invalid($"{name} must be a floating-point tensor, got {t.dtype} of shape {Format(t)}.", name);
    }

    public static void RequireRank(Tensor t, int rank, string name)
    {
        if (t.dim() != rank)
            throw ArgumentErrors.Invalid($"{name} must have rank {rank}, got shape {Format(t)} (rank {t.dim()}).", name);
    }

    public static void RequireRankAtLeast(Tensor t, int rank, string name)
    {
        if (t.dim() < rank)
            throw ArgumentErrors.Invalid($"{name} must have rank at least {rank}, got shape {Format(t)} (rank {t.dim()}).", name);
    }

    public static void RequireSameShape(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (!SameShape(a, b))
            throw ArgumentErrors.Invalid($"{nameA} and {nameB} must have the same shape, got {Format(a)} and {Format(b)}.", nameB);
    }

    public static void RequireSameDim(Tensor a, string nameA, Tensor b, string nameB, int dim)
    {
        if (a.size(dim) != b.size(dim))
            throw ArgumentErrors.Invalid(
                $"{nameA} and {nameB} must agree in dimension {dim}, got shapes {Format(a)} and {Format(b)}.", nameB);
    }

    public static void RequireSameDtype(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (a.dtype != b.dtype)
            throw ArgumentErrors.Invalid($"{nameA} and {nameB} must have the same dtype, got {a.dtype} and {b.dtype}.", nameB);
    }

    public static void RequireNotNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw ArgumentErrors.OutOfRange(name, value, $"{name} must be a finite number, not negative.");
    }

    public static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw ArgumentErrors.OutOfRange(name, value, $"{name} must be a positive finite number.");
    }

    // Cross-loss checks: each message names the offending argument and shows both tensors' shapes, so a
    // caller can tell which network's tap was wired wrongly.

    /// <summary>
    /// Two per-sample matrices (batch, features) that are compared row by row: both floating, rank 2, the
    /// same shape and dtype, and at least one sample (a mean over an empty batch is NaN).
    /// </summary>
    public static void RequireMatchingRows(Tensor? a, string nameA, Tensor? b, string nameB)
    {
        RequireNotNull(a, nameA);
        RequireNotNull(b, nameB);
        RequireFloatingWithPartner(a!, nameA, b!);
        RequireFloatingWithPartner(b!, nameB, a!);
        if (a!.dim() != 2)
            throw ArgumentErrors.Invalid(
                $"{nameA} must have rank 2 (batch, features), got shape {Format(a)}; {nameB} has shape {Format(b!)}.", nameA);
        if (b!.dim() != 2)
            throw ArgumentErrors.Invalid(
                $"{nameB} must have rank 2 (batch, features), got shape {Format(b)}; {nameA} has shape {Format(a)}.", nameB);
        if (a.size(0) != b.size(0))
            throw ArgumentErrors.Invalid(
                $"{nameA} and {nameB} must have the same batch size, got shapes {Format(a)} and {Format(b)}.", nameB);
        if (a.size(1) != b.size(1))
            throw ArgumentErrors.Invalid(
                $"{nameA} and {nameB} must have the same number of features, got shapes {Format(a)} and {Format(b)}.", nameB);
        RequireSameDtypeWithShapes(a, nameA, b, nameB);
        RequireSameDevice(a, nameA, b, nameB);
        if (a.size(0) == 0)
            throw ArgumentErrors.Invalid(
                $"{nameA} and {nameB} must hold at least one sample, got shapes {Format(a)} and {Format(b)}.", nameA);
    }

    /// <summary>Like <see cref="RequireSameDtype"/>, with both shapes in the message.</summary>
    public static void RequireSameDtypeWithShapes(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (a.dtype != b.dtype)
            throw ArgumentErrors.Invalid(
                $"{nameA} and {nameB} must have the same dtype, got {a.dtype} of shape {Format(a)} and {b.dtype} of shape {Format(b)}.", nameB);
    }

    /// <summary>Both tensors on one device: a cross term cannot mix a CPU and a GPU network silently.</summary>
    public static void RequireSameDevice(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (a.device_type != b.device_type || a.device_index != b.device_index)
            throw ArgumentErrors.Invalid(
                $"{nameA} and {nameB} must be on the same device, got {a.device} (shape {Format(a)}) and {b.device} (shape {Format(b)}).", nameB);
    }

    /// <summary>
    /// Binary-classifier logits: rank 1 (batch) or rank 2 (batch, 1), floating, with at least one sample.
    /// </summary>
    public static void RequireLogitColumn(Tensor? logits, string name)
    {
        RequireNotNull(logits, name);
        RequireFloating(logits!, name);
        bool column = logits!.dim() == 1 || (logits.dim() == 2 && logits.size(1) == 1);
        if (!column)
            throw ArgumentErrors.Invalid(
                $"{name} must be one logit per sample, shape [batch] or [batch, 1], got shape {Format(logits)}.", name);
        if (logits.size(0) == 0)
            throw ArgumentErrors.Invalid($"{name} must hold at least one sample, got shape {Format(logits)}.", name);
    }

    /// <summary>
    /// Pair labels: shape (batch) matching <paramref name="rows"/>, floating, integer or bool, every value
    /// exactly 0 (dissimilar) or 1 (similar). A soft label such as 0.5 would silently blend the two branches.
    /// </summary>
    public static void RequireBinaryLabels(Tensor? labels, string name, Tensor rows, string rowsName)
    {
        RequireNotNull(labels, name);
        if (labels!.is_complex())
            throw ArgumentErrors.Invalid($"{name} must be real 0/1 labels, got {labels.dtype} of shape {Format(labels)}.", name);
        if (labels.dim() != 1 || labels.size(0) != rows.size(0))
            throw ArgumentErrors.Invalid(
                $"{name} must have shape [{rows.shape[0]}] (one label per row of {rowsName}), got shape {Format(labels)}; {rowsName} has shape {Format(rows)}.", name);
        double[] data;
        using (torch.NewDisposeScope())
            data = labels.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != 0.0 && data[i] != 1.0)
                throw ArgumentErrors.Invalid(
                    $"{name} must contain only 0 (dissimilar) or 1 (similar), got {data[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)} at index {i} (shape {Format(labels)}).", name);
        }
    }

    private static void RequireFloatingWithPartner(Tensor t, string name, Tensor partner)
    {
        if (!t.is_floating_point())
            throw ArgumentErrors.Invalid(
                $"{name} must be a floating-point tensor, got {t.dtype} of shape {Format(t)} (its partner has shape {Format(partner)}).", name);
    }
}
