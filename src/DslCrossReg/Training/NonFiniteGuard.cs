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
/// moments for good, so a non-finite loss or gradient stops the update before anything is written. A step checks the
/// loss it reads anyway and its <see cref="ParameterBuffer"/> (one reduction); these name the culprit once that failed.
/// </summary>
public static class NonFiniteGuard
{
    /// <summary>
    /// The first term of <paramref name="loss"/> that is not finite, or null. The total is tested first, so the
    /// common, finite case costs one reduction.
    /// </summary>
    public static string? FirstNonFiniteTerm(LossBreakdown loss)
    {
        ArgumentErrors.NotNull(loss);
        if (IsFinite(loss.Total)) return null;
        foreach (var (name, term) in loss.Terms)
            if (!IsFinite(term)) return name;
        return "total";
    }

    /// <summary>The first parameter of <paramref name="module"/> whose gradient is not finite, named for messages, or null.</summary>
    public static string? FirstNonFiniteGradient(string owner, nn.Module module)
    {
        ArgumentErrors.NotNull(module);
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
