using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>
/// Scenario 2's parameter similarity between a model and a trained reference of the same topology: terms
/// that are large when the model resembles the reference, to be minimised for a diverse ensemble. The
/// reference's parameters are detached inside, as the parameter's name says at every call (<c>detachedReference:</c>;
/// the published code left the reference trainable), and read on the model's device, so a reference kept on another
/// device can be compared. Parameter
/// lists are matched by position; pass modules instead to get their names in error messages.
/// <para>The write-up this comes from notes that parameter distance is a weak notion of difference (a scaled
/// copy of a network scores as different); prefer <see cref="OutputDisagreement"/> when behaviour matters.</para>
/// </summary>
public static class ParameterDistance
{
    /// <summary>The default ε of <see cref="InverseL1(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, double)"/>.</summary>
    public const double DefaultEpsilon = 1e-6;

    /// <summary>The default ε of the cosine's norms.</summary>
    public const double DefaultCosineEpsilon = 1e-8;

    /// <summary>
    /// Scenario 2's similarity, guarded: S = Σₖ 1 / (Σ|θₖ − sg(θ′ₖ)| + ε), one term per parameter tensor k.
    /// The published form has no ε and is infinite for identical networks; here each term is at most 1/ε,
    /// and at identical parameters the gradient is 0 (the subgradient of |·| at 0), not NaN.
    /// </summary>
    /// <param name="parameters">The model's parameter tensors; receive the gradient.</param>
    /// <param name="detachedReferenceParameters">The reference's, in the same order with the same shapes; detached here, so they receive none.</param>
    /// <param name="epsilon">ε; must be positive.</param>
    /// <returns>A scalar tensor in (0, K/ε] for K parameter tensors.</returns>
    /// <exception cref="ArgumentException">Null or empty lists, different counts, or a parameter pair that differs in shape, dtype or is not floating; the message names the parameter.</exception>
    public static Tensor InverseL1(
        IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> detachedReferenceParameters, double epsilon = DefaultEpsilon)
    {
        return InverseL1(Pair(parameters, detachedReferenceParameters), epsilon);
    }

    /// <inheritdoc cref="InverseL1(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, double)"/>
    /// <param name="model">The model; its parameters receive the gradient.</param>
    /// <param name="detachedReference">The reference, same topology; its parameters are detached here and receive none.</param>
    /// <param name="epsilon">ε; must be positive.</param>
    public static Tensor InverseL1(nn.Module model, nn.Module detachedReference, double epsilon = DefaultEpsilon)
    {
        return InverseL1(Pair(model, detachedReference), epsilon);
    }

    /// <summary>
    /// A bounded similarity: S = exp(−d / scale), with d = (1/N) Σₖ Σ|θₖ − sg(θ′ₖ)| the mean absolute
    /// difference over all N parameter elements (a mean, so that <paramref name="scale"/> is in parameter
    /// units whatever the network's size). S is 1 for identical networks and falls towards 0 as they part;
    /// at identical parameters the gradient is 0.
    /// </summary>
    /// <param name="parameters">The model's parameter tensors; receive the gradient.</param>
    /// <param name="detachedReferenceParameters">The reference's, in the same order with the same shapes; detached here, so they receive none.</param>
    /// <param name="scale">The distance at which S has fallen to 1/e; must be positive.</param>
    /// <returns>A scalar tensor in (0, 1].</returns>
    /// <exception cref="ArgumentException">As <see cref="InverseL1(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, double)"/>, or scale ≤ 0.</exception>
    public static Tensor ExpSimilarity(
        IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> detachedReferenceParameters, double scale)
    {
        return ExpSimilarity(Pair(parameters, detachedReferenceParameters), scale);
    }

    /// <inheritdoc cref="ExpSimilarity(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, double)"/>
    /// <param name="model">The model; its parameters receive the gradient.</param>
    /// <param name="detachedReference">The reference, same topology; its parameters are detached here and receive none.</param>
    /// <param name="scale">The distance at which S has fallen to 1/e; must be positive.</param>
    public static Tensor ExpSimilarity(nn.Module model, nn.Module detachedReference, double scale)
    {
        return ExpSimilarity(Pair(model, detachedReference), scale);
    }

    /// <summary>
    /// Cosine similarity of the flattened, concatenated parameter vectors θ and θ′:
    /// S = θ·sg(θ′) / (max(‖θ‖, ε) · max(‖θ′‖, ε)), in [−1, 1]. Unlike the L1 forms it ignores scale, so a
    /// scaled copy still counts as the same network. A zero vector has similarity 0 and finite gradients.
    /// </summary>
    /// <param name="parameters">The model's parameter tensors; receive the gradient.</param>
    /// <param name="detachedReferenceParameters">The reference's, in the same order with the same shapes; detached here, so they receive none.</param>
    /// <param name="epsilon">Lower bound of each norm; must be positive.</param>
    /// <returns>A scalar tensor in [−1, 1].</returns>
    /// <exception cref="ArgumentException">As <see cref="InverseL1(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, double)"/>, or ε ≤ 0.</exception>
    public static Tensor Cosine(
        IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> detachedReferenceParameters, double epsilon = DefaultCosineEpsilon)
    {
        return Cosine(Pair(parameters, detachedReferenceParameters), epsilon);
    }

    /// <inheritdoc cref="Cosine(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, double)"/>
    /// <param name="model">The model; its parameters receive the gradient.</param>
    /// <param name="detachedReference">The reference, same topology; its parameters are detached here and receive none.</param>
    /// <param name="epsilon">Lower bound of each norm; must be positive.</param>
    public static Tensor Cosine(nn.Module model, nn.Module detachedReference, double epsilon = DefaultCosineEpsilon)
    {
        return Cosine(Pair(model, detachedReference), epsilon);
    }

    private static Tensor InverseL1(ParameterPair[] pairs, double epsilon)
    {
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        using var scope = torch.NewDisposeScope();
        var terms = pairs.Select(p => 1 / ((p.Model - p.FixedReference()).abs().sum() + epsilon)).ToArray();
        return torch.stack(terms).sum().MoveToOuterDisposeScope();
    }

    private static Tensor ExpSimilarity(ParameterPair[] pairs, double scale)
    {
        TensorChecks.RequirePositive(scale, nameof(scale));
        using var scope = torch.NewDisposeScope();
        long count = pairs.Sum(p => p.Model.numel());
        var total = torch.stack(pairs.Select(p => (p.Model - p.FixedReference()).abs().sum()).ToArray()).sum();
        return (-(total / count) / scale).exp().MoveToOuterDisposeScope();
    }

    private static Tensor Cosine(ParameterPair[] pairs, double epsilon)
    {
        TensorChecks.RequirePositive(epsilon, nameof(epsilon));
        using var scope = torch.NewDisposeScope();
        var model = torch.cat(pairs.Select(p => p.Model.flatten()).ToArray(), 0);
        var reference = torch.cat(pairs.Select(p => p.FixedReference().flatten()).ToArray(), 0);
        var cosine = (SafeNorm.Normalize(model, 0, epsilon) * SafeNorm.Normalize(reference, 0, epsilon)).sum();
        return cosine.MoveToOuterDisposeScope();
    }

    private readonly record struct ParameterPair(Tensor Model, Tensor Reference)
    {
        // The reference receives no gradient and is read where the model lives, so members on different devices
        // (a reference kept on the CPU, say) can still be compared; on one device this is the detached tensor itself.
        public Tensor FixedReference()
        {
            var detached = Reference.detach();
            return Reference.device_type == Model.device_type && Reference.device_index == Model.device_index
                ? detached
                : detached.to(Model.device);
        }
    }

    private static ParameterPair[] Pair(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> detachedReferenceParameters)
    {
        ArgumentErrors.NotNull(parameters);
        ArgumentErrors.NotNull(detachedReferenceParameters);
        return Pair(
            parameters.Count, detachedReferenceParameters.Count, k => parameters[k], k => detachedReferenceParameters[k],
            nameof(parameters), nameof(detachedReferenceParameters),
            k => $"parameter {k}: {nameof(parameters)}[{k}]", k => $"{nameof(detachedReferenceParameters)}[{k}]");
    }

    private static (string Name, Tensor Tensor)[] Named(nn.Module module) =>
        module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToArray();

    private static ParameterPair[] Pair(nn.Module model, nn.Module detachedReference)
    {
        ArgumentErrors.NotNull(model);
        ArgumentErrors.NotNull(detachedReference);
        var a = Named(model);
        var b = Named(detachedReference);
        for (int k = 0; k < Math.Min(a.Length, b.Length); k++)
        {
            if (a[k].Name != b[k].Name)
                throw ArgumentErrors.Invalid(
                    $"{nameof(model)} and {nameof(detachedReference)} differ in topology at parameter {k}: '{a[k].Name}' of shape {TensorChecks.Format(a[k].Tensor)} in {nameof(model)}, '{b[k].Name}' of shape {TensorChecks.Format(b[k].Tensor)} in {nameof(detachedReference)}.",
                    nameof(detachedReference));
        }
        return Pair(
            a.Length, b.Length, k => a[k].Tensor, k => b[k].Tensor, nameof(model), nameof(detachedReference),
            k => $"parameter '{a[k].Name}': {nameof(model)}", k => nameof(detachedReference));
    }

    private static ParameterPair[] Pair(
        int modelCount, int referenceCount, Func<int, Tensor?> model, Func<int, Tensor?> reference,
        string modelArgument, string referenceArgument, Func<int, string> describeModel, Func<int, string> describeReference)
    {
        if (modelCount != referenceCount)
            throw ArgumentErrors.Invalid(
                $"{modelArgument} and {referenceArgument} must have the same number of parameter tensors (same topology), got {modelCount} and {referenceCount}.",
                referenceArgument);
        if (modelCount == 0)
            throw ArgumentErrors.Invalid($"{modelArgument} must have at least one parameter tensor.", modelArgument);
        var pairs = new ParameterPair[modelCount];
        for (int k = 0; k < pairs.Length; k++)
        {
            var m = model(k) ?? throw ArgumentErrors.Invalid($"{describeModel(k)} is null.", modelArgument);
            var r = reference(k) ?? throw ArgumentErrors.Invalid($"{describeReference(k)} is null.", referenceArgument);
            if (!TensorChecks.SameShape(m, r))
                throw ArgumentErrors.Invalid(
                    $"{describeModel(k)} has shape {TensorChecks.Format(m)} but {describeReference(k)} has shape {TensorChecks.Format(r)}.",
                    referenceArgument);
            if (!m.is_floating_point() || m.dtype != r.dtype)
                throw ArgumentErrors.Invalid(
                    $"{describeModel(k)} is {m.dtype} of shape {TensorChecks.Format(m)} and {describeReference(k)} is {r.dtype} of shape {TensorChecks.Format(r)}; both must be the same floating dtype.",
                    referenceArgument);
            pairs[k] = new ParameterPair(m, r);
        }
        return pairs;
    }
}
