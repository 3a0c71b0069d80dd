using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg;

/// <summary>
/// Argument validation shared by every public tensor function: each failure is an
/// <see cref="ArgumentException"/> that names the argument and states the expected and actual shape.
/// </summary>
internal static class TensorChecks
{
    /// <summary>Formats a shape as <c>[2, 3]</c>.</summary>
    public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";

    public static string Format(Tensor t) => Format(t.shape);

    public static void RequireNotNull(Tensor? t, string name)
    {
        if (t is null) throw new ArgumentNullException(name);
    }

    public static void RequireFloating(Tensor t, string name)
    {
        RequireNotNull(t, name);
        if (!t.is_floating_point())
            throw new ArgumentException($"{name} must be a floating-point tensor, got {t.dtype} of shape {Format(t)}.", name);
    }

    public static void RequireRank(Tensor t, int rank, string name)
    {
        if (t.dim() != rank)
            throw new ArgumentException($"{name} must have rank {rank}, got shape {Format(t)} (rank {t.dim()}).", name);
    }

    public static void RequireRankAtLeast(Tensor t, int rank, string name)
    {
        if (t.dim() < rank)
            throw new ArgumentException($"{name} must have rank at least {rank}, got shape {Format(t)} (rank {t.dim()}).", name);
    }

    public static void RequireSameShape(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"{nameA} and {nameB} must have the same shape, got {Format(a)} and {Format(b)}.", nameB);
    }

    public static void RequireSameDim(Tensor a, string nameA, Tensor b, string nameB, int dim)
    {
        if (a.shape[dim] != b.shape[dim])
            throw new ArgumentException(
                $"{nameA} and {nameB} must agree in dimension {dim}, got shapes {Format(a)} and {Format(b)}.", nameB);
    }

    public static void RequireSameDtype(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (a.dtype != b.dtype)
            throw new ArgumentException($"{nameA} and {nameB} must have the same dtype, got {a.dtype} and {b.dtype}.", nameB);
    }

    public static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number.");
    }
}
