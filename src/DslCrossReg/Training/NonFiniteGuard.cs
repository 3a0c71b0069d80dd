using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>What a system does with a step whose loss or gradients are NaN or infinite.</summary>
public enum NonFinitePolicy
{
    /// <summary>Do not apply it; the <see cref="StepResult"/> says which term went non-finite first.</summary>
    Skip,

    /// <summary>Do not apply it and throw <see cref="NonFiniteStepException"/>.</summary>
    Throw,
}

/// <summary>A step was refused because a loss term or a gradient was not finite; nothing was updated.</summary>
public sealed class NonFiniteStepException : Exception
{
    /// <summary>Creates the exception for <paramref name="term"/>.</summary>
    public NonFiniteStepException(string term)
        : base($"The step was not applied: {term} is not finite (NaN or infinite). No parameter or optimizer state changed.")
        => Term = term;

    /// <summary>The first non-finite term or gradient.</summary>
    public string Term { get; }
}

/// <summary>
/// The checks between a step's backward pass and its optimizer steps: a NaN that reaches an optimizer corrupts its
/// moments for good, so a non-finite loss or gradient stops the update before anything is written.
/// </summary>
public static class NonFiniteGuard
{
    /// <summary>
    /// The first term of <paramref name="loss"/> that is not finite, or null. The total is tested first, so the
    /// common, finite case costs one reduction.
    /// </summary>
    public static string? FirstNonFiniteTerm(LossBreakdown loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (IsFinite(loss.Total)) return null;
        foreach (var (name, term) in loss.Terms)
            if (!IsFinite(term)) return name;
        return "total";
    }

    /// <summary>The first parameter of <paramref name="module"/> whose gradient is not finite, named for messages, or null.</summary>
    public static string? FirstNonFiniteGradient(string owner, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var named = module.named_parameters().Where(p => p.parameter.grad is not null).ToList();
        if (named.Count == 0) return null;
        using (var scope = torch.NewDisposeScope())
        {
            // One reduction over all gradients: a NaN or an infinity anywhere makes the sum non-finite.
            var sum = torch.stack(named.Select(p => p.parameter.grad!.sum().to_type(ScalarType.Float64)).ToArray()).sum();
            if (sum.isfinite().item<bool>()) return null;
        }
        foreach (var (name, parameter) in named)
            if (!IsFinite(parameter.grad!)) return owner + ": gradient of " + name;
        return owner + ": gradients";
    }

    /// <summary>
    /// Whether <paramref name="loss"/> and every gradient of <paramref name="parameters"/> are finite, in one
    /// reduction per gradient and one read: the float64 sum of the loss and of every gradient's sum is finite only
    /// if they all are. This is the common case of every step; only when it fails are <see cref="FirstNonFiniteTerm"/>
    /// and <see cref="FirstNonFiniteGradient"/> asked which one it was (a float64 overflow of a finite sum then
    /// finds nothing, and the step goes on).
    /// </summary>
    public static bool AllFinite(Tensor loss, IReadOnlyList<TorchSharp.Modules.Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = torch.NewDisposeScope();
        // Members may live on different devices: gradients are summed where they are, one total per device. Every
        // tensor operation costs microseconds of fixed overhead on a small network, so there are few: one sum per
        // gradient, then a handful for the whole check.
        var byDevice = new List<(DeviceType Type, int Index, List<Tensor> Sums)>();
        foreach (var parameter in parameters)
        {
            var grad = parameter.grad;
            if (grad is null) continue;
            var device = grad.device;
            int at = byDevice.FindIndex(d => d.Type == device.type && d.Index == device.index);
            if (at < 0)
            {
                byDevice.Add((device.type, device.index, new List<Tensor>()));
                at = byDevice.Count - 1;
            }
            // Summed in the gradient's own type, as FirstNonFiniteGradient does: a float64 pass over every gradient
            // costs more than the rest of the check.
            byDevice[at].Sums.Add(grad.sum());
        }
        var all = loss.detach();
        foreach (var (type, index, sums) in byDevice)
        {
            var total = torch.stack(sums).to_type(ScalarType.Float64).sum();
            if (type != loss.device.type || index != loss.device.index) total = total.to(loss.device);
            all = total + all;
        }
        return all.isfinite().item<bool>();
    }

    /// <summary>Every parameter of <paramref name="modules"/>, in order: what a system checks with <see cref="AllFinite"/>.</summary>
    public static TorchSharp.Modules.Parameter[] Parameters(params nn.Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        return modules.SelectMany(m => m.parameters()).ToArray();
    }

    /// <summary>The result of a step that was not applied, or the exception <paramref name="policy"/> asks for.</summary>
    public static StepResult NotApplied(long steps, double total, IReadOnlyDictionary<string, double> terms, string term, NonFinitePolicy policy)
    {
        if (policy == NonFinitePolicy.Throw) throw new NonFiniteStepException(term);
        return new StepResult(steps, total, terms, Array.Empty<MagnitudeWarning>(), term);
    }

    private static bool IsFinite(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.isfinite().all().item<bool>();
    }
}
