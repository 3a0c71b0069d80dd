using System;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>What a reference network's outputs become as the target of <see cref="OutputDisagreement"/>.</summary>
public enum ReferenceTarget
{
    /// <summary>
    /// The reference's predicted class, argmax over the logits (the first one on ties): scenario 2's
    /// "cross entropy against A's predictions", and the quantity its agreement metric counts.
    /// </summary>
    PredictedClass,

    /// <summary>The reference's full softmax distribution (soft targets).</summary>
    Probabilities,
}

/// <summary>
/// Scenario 2's output disagreement: a model pushed away from a trained reference by making its cross
/// entropy against the reference's predictions large. Both functions return a quantity to
/// <em>minimise</em> that falls as disagreement grows, and both are guarded where the published forms were
/// not (1/CE is singular at CE = 0, −CE is unbounded below). The reference is detached inside, as its parameter's name
/// says at every call (<c>detachedReferenceLogits:</c>): the published code did not put it in no-grad mode, so the
/// diversity term trained the reference too.
/// <para>CE per sample: with the predicted class yᵢ = argmax_c rᵢc, CEᵢ = logsumexp(zᵢ) − zᵢ,yᵢ; with
/// probabilities pᵢ = softmax(rᵢ), CEᵢ = −Σ_c pᵢc log_softmax(zᵢ)_c.</para>
/// </summary>
public static class OutputDisagreement
{
    /// <summary>The default ε of <see cref="InverseCrossEntropy"/>.</summary>
    public const double DefaultEpsilon = 1e-6;

    /// <summary>
    /// L = 1 / (CE + ε), with CE = (1/B) Σᵢ CEᵢ the batch-mean cross entropy of the model's logits against the
    /// reference's targets. Bounded by 1/ε when the model agrees perfectly.
    /// </summary>
    /// <param name="logits">The model's logits, shape (batch, classes); receives the gradient.</param>
    /// <param name="detachedReferenceLogits">The reference's logits, same shape and dtype; detached here, so they receive no gradient.</param>
    /// <param name="epsilon">ε; must be positive.</param>
    /// <param name="target">Hard predicted classes (default) or soft probabilities.</param>
    /// <returns>A scalar tensor in (0, 1/ε].</returns>
    /// <exception cref="ArgumentException">A null, non-floating, non-rank-2, empty or mismatched input, or ε ≤ 0.</exception>
    public static Tensor InverseCrossEntropy(
        Tensor logits, Tensor detachedReferenceLogits, double epsilon = DefaultEpsilon,
        ReferenceTarget target = ReferenceTarget.PredictedClass)
    {
        TensorChecks.RequireMatchingRows(logits, nameof(logits), detachedReferenceLogits, nameof(detachedReferenceLogits));
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        RequireDefined(target);
        using var scope = torch.NewDisposeScope();
        var crossEntropy = PerSampleCrossEntropy(logits, detachedReferenceLogits, target).mean();
        return (1 / (crossEntropy + epsilon)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// L = −(1/B) Σᵢ min(CEᵢ, c): the negated cross entropy, clamped per sample at <paramref name="clamp"/> c so
    /// that it is bounded below by −c. Clamping each sample (not the mean) lets samples that already disagree
    /// by more than c stop contributing while the others keep being pushed.
    /// </summary>
    /// <param name="logits">The model's logits, shape (batch, classes); receives the gradient.</param>
    /// <param name="detachedReferenceLogits">The reference's logits, same shape and dtype; detached here, so they receive no gradient.</param>
    /// <param name="clamp">c, the largest cross entropy a sample may count; must be positive.</param>
    /// <param name="target">Hard predicted classes (default) or soft probabilities.</param>
    /// <returns>A scalar tensor in [−c, 0].</returns>
    /// <exception cref="ArgumentException">A null, non-floating, non-rank-2, empty or mismatched input, or c ≤ 0.</exception>
    public static Tensor NegativeCrossEntropy(
        Tensor logits, Tensor detachedReferenceLogits, double clamp,
        ReferenceTarget target = ReferenceTarget.PredictedClass)
    {
        TensorChecks.RequireMatchingRows(logits, nameof(logits), detachedReferenceLogits, nameof(detachedReferenceLogits));
        TensorChecks.RequirePositive(clamp, nameof(clamp));
        RequireDefined(target);
        using var scope = torch.NewDisposeScope();
        var crossEntropy = PerSampleCrossEntropy(logits, detachedReferenceLogits, target);
        return (-crossEntropy.clamp_max(clamp).mean()).MoveToOuterDisposeScope();
    }

    private static Tensor PerSampleCrossEntropy(Tensor logits, Tensor detachedReferenceLogits, ReferenceTarget target)
    {
        var logQ = logits.log_softmax(1);
        var reference = detachedReferenceLogits.detach();
        if (target == ReferenceTarget.PredictedClass)
        {
            var predicted = reference.argmax(1, keepdim: true);
            return -logQ.gather(1, predicted).squeeze(1);
        }
        return -(reference.softmax(1) * logQ).sum(1);
    }

    private static void RequireDefined(ReferenceTarget target)
    {
        if (!Enum.IsDefined(target))
            throw ArgumentErrors.OutOfRange(nameof(target), target, $"{nameof(target)} must be a defined {nameof(ReferenceTarget)}.");
    }
}
