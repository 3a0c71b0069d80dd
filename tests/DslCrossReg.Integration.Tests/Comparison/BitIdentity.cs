using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Comparison;

/// <summary>
/// Bit-for-bit equality of tensors: same dtype, same shape, same bytes. Stricter than value equality, which calls
/// 0 and −0 equal, and than any tolerance, which would hide a constructor drawing its numbers differently.
/// </summary>
public static class BitIdentity
{
    /// <summary>Fails unless <paramref name="actual"/> holds exactly the bits of <paramref name="expected"/>.</summary>
    public static void AssertIdentical(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.dtype == actual.dtype, $"{what}: dtype {actual.dtype}, expected {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        Assert.True(SameValues(expected, actual), $"{what}: values differ");
        Assert.True(Bytes(expected).SequenceEqual(Bytes(actual)), $"{what}: values equal but bits differ");
    }

    /// <summary>Fails unless both modules hold the same named tensors, in the same order, with the same bits.</summary>
    public static void AssertSameState(nn.Module expected, nn.Module actual, string what)
    {
        var left = expected.state_dict();
        var right = actual.state_dict();
        Assert.Equal(left.Keys.ToList(), right.Keys.ToList());
        foreach (var (name, tensor) in left) AssertIdentical(tensor, right[name], $"{what} '{name}'");
    }

    /// <summary>Fails unless both modules' parameters have gradients with the same bits.</summary>
    public static void AssertSameGradients(nn.Module expected, nn.Module actual, string what)
    {
        var left = expected.named_parameters().ToList();
        var right = actual.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(left.Count, right.Count);
        foreach (var (name, parameter) in left)
        {
            var grad = parameter.grad;
            var other = right[name].grad;
            Assert.True(grad is not null && other is not null, $"{what} '{name}': no gradient");
            AssertIdentical(grad, other, $"{what} gradient of '{name}'");
        }
    }

    /// <summary>Fails unless both outputs have identical results and the same taps with identical tensors.</summary>
    public static void AssertIdentical(NetworkOutput expected, NetworkOutput actual, string what)
    {
        AssertIdentical(expected.Result, actual.Result, what + " result");
        Assert.Equal(expected.Taps.Keys.OrderBy(k => k), actual.Taps.Keys.OrderBy(k => k));
        foreach (var (tap, tensor) in expected.Taps) AssertIdentical(tensor, actual.Taps[tap], $"{what} tap '{tap}'");
    }

    /// <summary>Same shape and every element equal (0 equals −0; NaN equals nothing), like PyTorch's <c>torch.equal</c>.</summary>
    public static bool SameValues(Tensor left, Tensor right)
    {
        if (!left.shape.SequenceEqual(right.shape)) return false;
        using var equal = torch.eq(left, right);
        using var all = equal.all();
        return all.item<bool>();
    }

    private static byte[] Bytes(Tensor tensor)
    {
        using var dense = tensor.detach().contiguous();
        return dense.bytes.ToArray();
    }

    /// <summary>Whether any pair of same-named tensors of the two modules differs in any bit.</summary>
    public static bool AnyDifference(IEnumerable<(string name, Tensor tensor)> left, IReadOnlyDictionary<string, Tensor> right)
        => left.Any(p => !Bytes(p.tensor).SequenceEqual(Bytes(right[p.name])));
}
