using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests.Infrastructure;

/// <summary>Parameters and gradients compared from outside a system: bit for bit, by name.</summary>
public static class ParameterState
{
    /// <summary>A detached copy of every named parameter, taken before a step.</summary>
    public static IReadOnlyList<(string Name, Tensor Value)> Copy(nn.Module module)
        => module.named_parameters().Select(p => (p.name, p.parameter.detach().clone())).ToList();

    /// <summary>Asserts that <paramref name="module"/>'s parameters are bit-identical to a copy taken earlier.</summary>
    public static void AssertSame(IReadOnlyList<(string Name, Tensor Value)> expected, nn.Module module, string what)
    {
        var actual = module.named_parameters().ToList();
        Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.name));
        for (int i = 0; i < expected.Count; i++)
            Assert.True(BitEqual(expected[i].Value, actual[i].parameter),
                $"{what}: parameter '{expected[i].Name}' differs (max |Δ| = {MaxDifference(expected[i].Value, actual[i].parameter)}).");
    }

    /// <summary>Asserts that two modules of one topology hold bit-identical parameters.</summary>
    public static void AssertSame(nn.Module expected, nn.Module actual, string what)
        => AssertSame(Copy(expected), actual, what);

    /// <summary>
    /// Asserts that two modules of one topology hold parameters equal within <paramref name="tolerance"/> (absolute):
    /// for a reference computed in another, equally valid order of float32 operations.
    /// </summary>
    public static void AssertClose(nn.Module expected, nn.Module actual, string what, double tolerance)
    {
        var e = expected.named_parameters().ToList();
        var a = actual.named_parameters().ToList();
        Assert.Equal(e.Select(p => p.name), a.Select(p => p.name));
        for (int i = 0; i < e.Count; i++)
        {
            double difference = MaxDifference(e[i].parameter, a[i].parameter);
            Assert.True(difference <= tolerance, $"{what}: parameter '{e[i].name}' differs by {difference} (tolerance {tolerance}).");
        }
    }

    /// <summary>Asserts that at least one parameter moved, so an equality elsewhere in the test is not vacuous.</summary>
    public static void AssertChanged(IReadOnlyList<(string Name, Tensor Value)> before, nn.Module module, string what)
    {
        var after = module.parameters().ToList();
        Assert.True(before.Select((p, i) => !BitEqual(p.Value, after[i])).Any(changed => changed), $"{what}: no parameter changed.");
    }

    /// <summary>Asserts that two modules' gradients are bit-identical (both absent, or equal tensors).</summary>
    public static void AssertSameGradients(nn.Module expected, nn.Module actual, string what)
    {
        var e = expected.named_parameters().ToList();
        var a = actual.named_parameters().ToList();
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++)
        {
            var eg = e[i].parameter.grad;
            var ag = a[i].parameter.grad;
            Assert.True(eg is not null && ag is not null, $"{what}: parameter '{e[i].name}' has no gradient.");
            Assert.True(BitEqual(eg!, ag!), $"{what}: gradient of '{e[i].name}' differs (max |Δ| = {MaxDifference(eg!, ag!)}).");
        }
    }

    /// <summary>Same shape, same dtype, every element equal.</summary>
    public static bool BitEqual(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.AsSpan().SequenceEqual(b.shape)) return false;
        using var scope = torch.NewDisposeScope();
        return a.detach().eq(b.detach()).all().item<bool>();
    }

    private static double MaxDifference(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (a.detach().to(ScalarType.Float64) - b.detach().to(ScalarType.Float64)).abs().max().item<double>();
    }
}
