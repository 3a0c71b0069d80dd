using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.SharedNormalization;

/// <summary>
/// The checks that show scenario 3's published bugs are gone: whether one network's loss depends on the other's
/// output (shared statistics), what a constant output row does, and the pooled statistics themselves.
/// </summary>
public static class Checks
{
    /// <summary>
    /// First's task loss on <paramref name="batch"/>, computed by the generated <c>Loss</c>, before and after every
    /// output of <paramref name="second"/> is raised by 1 (its last layer's bias + 1; restored afterwards). With
    /// statistics that are really shared the value changes; with per-network (or no) normalisation it cannot.
    /// </summary>
    public static (double Before, double After) Coupling<TBatch>(ITrainingSystem<TBatch, object> system, Mlp second, TBatch batch)
    {
        using var noGrad = torch.no_grad();
        var (_, bias) = LastLayer(second);
        double before = FirstTask(system, batch);
        using var saved = bias.detach().clone();
        bias.add_(1.0);
        double after = FirstTask(system, batch);
        bias.copy_(saved);
        return (before, after);
    }

    /// <summary>
    /// Zeroes the last layer of both members of a fresh <paramref name="system"/>, so that every output row is
    /// constant (all 0), and takes one <c>Step</c> on <paramref name="batch"/>. Returns that step and the number of
    /// NaN the published min–max formula, (x − min) / (max − min), gives on those same outputs, and the largest
    /// |gradient| the step applied.
    /// </summary>
    public static (StepResult Step, double LargestGradient, long PublishedNaNs, long Values) ConstantRows<TBatch>(
        ITrainingSystem<TBatch, object> system, Mlp first, Mlp second, Tensor input, TBatch batch)
    {
        using (torch.no_grad())
        {
            foreach (var member in new[] { first, second })
            {
                var (weight, bias) = LastLayer(member);
                weight.zero_();
                bias.zero_();
            }
        }
        using var scope = torch.NewDisposeScope();
        Tensor output;
        using (torch.no_grad()) output = first.call(input).Result;
        var min = output.amin(new long[] { -1 }, keepdim: true);
        var max = output.amax(new long[] { -1 }, keepdim: true);
        var published = (output - min) / (max - min);
        long nans = published.isnan().sum().ToInt64();
        var step = system.Step(batch);
        // Step leaves the gradients it applied in the parameters: the ε bound keeps them finite, not small.
        double largest = first.parameters().Concat(second.parameters())
            .Where(p => p.grad is not null).Max(p => p.grad!.abs().max().ToDouble());
        return (step, largest, nans, published.numel());
    }

    /// <summary>
    /// Shared standardisation of <paramref name="first"/> and <paramref name="second"/> [N, 10] exactly as the
    /// generated <c>SharedStandardizedPair</c> applies it (per sample, ε 1e-8), then, per sample: the largest
    /// |mean| and |variance − 1| of the 20 pooled normalised values, and the average |mean| and variance of
    /// First's 10 normalised values alone. Shared statistics make the pooled ones 0 and 1 without forcing either
    /// network's own to be.
    /// </summary>
    public static (double PooledMean, double PooledVariance, double FirstMean, double FirstVariance) PooledStatistics(Tensor first, Tensor second)
    {
        using var scope = torch.NewDisposeScope();
        var normalised = Normalizers.SharedStandardize(new[] { first, second }, SharedStatistics.PerSample, Normalizers.DefaultEpsilon);
        var pooled = torch.cat(normalised, 1).to_type(ScalarType.Float64);
        var own = normalised[0].to_type(ScalarType.Float64);
        return (
            pooled.mean(new long[] { 1 }).abs().max().ToDouble(),
            (pooled.var(1, unbiased: false) - 1).abs().max().ToDouble(),
            own.mean(new long[] { 1 }).abs().mean().ToDouble(),
            own.var(1, unbiased: false).mean().ToDouble());
    }

    private static double FirstTask<TBatch>(ITrainingSystem<TBatch, object> system, TBatch batch)
    {
        using var loss = system.Loss(batch);
        return loss.Terms["First.task"].ToDouble();
    }

    /// <summary>The weight and bias of the network's last <c>Linear(10)</c> (its last two parameters).</summary>
    private static (Tensor Weight, Tensor Bias) LastLayer(Mlp network)
    {
        var parameters = network.named_parameters().ToList();
        var (weightName, weight) = parameters[^2];
        var (biasName, bias) = parameters[^1];
        if (!weightName.EndsWith(".weight", StringComparison.Ordinal) || !biasName.EndsWith(".bias", StringComparison.Ordinal) || bias.shape[0] != Mlp.OutputSize)
            throw new InvalidOperationException($"Expected the last layer's weight and bias, found {weightName} and {biasName}.");
        return (weight, bias);
    }
}
