using System;
using System.Linq;
using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.EnsembleDiversity;

/// <summary>The numbers scenario 2 asks for beyond <see cref="Metrics"/>: how two learners relate.</summary>
public static class DiversityMetrics
{
    /// <summary>
    /// "The accuracy of one learner given the other's outputs", made concrete: of the rows where the argmax of
    /// <paramref name="otherLogits"/> differs from <paramref name="labels"/> (<c>OtherWrong</c>), the number where
    /// the argmax of <paramref name="logits"/> equals the label (<c>Right</c>). Only these rows can an averaged
    /// ensemble of the two repair.
    /// </summary>
    public static (long Right, long OtherWrong) RightWhereOtherWrong(Tensor logits, Tensor otherLogits, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        var otherWrong = otherLogits.argmax(1).ne(labels);
        var right = logits.argmax(1).eq(labels);
        return (right.logical_and(otherWrong).sum().ToInt64(), otherWrong.sum().ToInt64());
    }

    /// <summary>
    /// The mean absolute difference (1/N) Σ |θ − θ′| over all N parameter elements of two networks of the same
    /// topology, matched by name: the distance scenario 2's parameter similarity is built on.
    /// </summary>
    public static double MeanAbsoluteParameterDifference(nn.Module network, nn.Module other)
    {
        using var scope = torch.NewDisposeScope();
        var theirs = other.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double sum = 0;
        long count = 0;
        foreach (var (name, parameter) in network.named_parameters())
        {
            sum += (parameter.detach().to_type(ScalarType.Float64) - theirs[name].detach().to_type(ScalarType.Float64)).abs().sum().ToDouble();
            count += parameter.numel();
        }
        return sum / count;
    }

    /// <summary>
    /// SHA-256 of every parameter's raw bytes, in the order of <c>named_parameters()</c>, as lower-case hex: equal
    /// fingerprints mean bit-for-bit equal parameters (with overwhelming probability).
    /// </summary>
    public static string ParameterFingerprint(nn.Module network)
    {
        using var scope = torch.NewDisposeScope();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, parameter) in network.named_parameters())
            hash.AppendData(parameter.detach().cpu().contiguous().bytes);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
