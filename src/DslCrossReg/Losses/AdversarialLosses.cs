using System;
using System.Runtime.CompilerServices;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>
/// Scenario 1, method 2: a discriminator D tells whether an embedding came from network a (label 0) or
/// network b (label 1), and each network tries to be taken for the other. Every loss takes D's raw
/// logits z and uses binary cross entropy in its logit form, BCE(z, y) = softplus(z) − y·z, which never
/// evaluates log(sigmoid(z)): the published sigmoid + log form saturates to log(0) = −∞ for |z| ≳ 17 in
/// float32.
/// <para>Scenario 1's published bug lives in the training step, not here: train D on
/// <em>detached</em> embeddings, then forward the networks through the updated D, and never let one step
/// move the other's parameters.</para>
/// </summary>
public static class AdversarialLosses
{
    /// <summary>The label D must give to embeddings from network a.</summary>
    public const double LabelA = 0.0;

    /// <summary>The label D must give to embeddings from network b.</summary>
    public const double LabelB = 1.0;

    /// <summary>
    /// The discriminator's loss, BCE(D(e_a), 0) + BCE(D(e_b), 1), each term averaged over its own batch:
    /// L = (1/Bₐ) Σᵢ softplus(zₐᵢ) + (1/B_b) Σᵢ softplus(−z_bᵢ).
    /// </summary>
    /// <param name="logitsFromA">D's logits on network a's embeddings, shape (batch) or (batch, 1).</param>
    /// <param name="logitsFromB">D's logits on network b's embeddings, shape (batch) or (batch, 1); same dtype.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="ArgumentException">A null, non-floating, empty or wrongly shaped input, or mismatched dtypes.</exception>
    public static Tensor Discriminator(Tensor logitsFromA, Tensor logitsFromB)
    {
        TensorChecks.RequireLogitColumn(logitsFromA, nameof(logitsFromA));
        TensorChecks.RequireLogitColumn(logitsFromB, nameof(logitsFromB));
        TensorChecks.RequireSameDtypeWithShapes(logitsFromA, nameof(logitsFromA), logitsFromB, nameof(logitsFromB));
        TensorChecks.RequireSameDevice(logitsFromA, nameof(logitsFromA), logitsFromB, nameof(logitsFromB));
        // Temporaries freed one by one rather than by a scope of their own, as in EmbeddingLosses.Distance.
        using var fromA = BinaryCrossEntropy(logitsFromA, LabelA);
        using var fromB = BinaryCrossEntropy(logitsFromB, LabelB);
        return TermArithmetic.Total(fromA, fromB);
    }

    /// <summary>
    /// A network's loss for being recognised as itself: BCE of D's logits on its own embeddings against the
    /// <em>other</em> network's label. From a: L = (1/B) Σᵢ softplus(−zᵢ) (target 1); from b:
    /// L = (1/B) Σᵢ softplus(zᵢ) (target 0).
    /// </summary>
    /// <param name="logits">D's logits on the network's own embeddings, shape (batch) or (batch, 1).</param>
    /// <param name="fromA">True when the embeddings came from network a (so the target is b's label 1).</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="ArgumentException">A null, non-floating, empty or wrongly shaped input.</exception>
    public static Tensor FoolDiscriminator(Tensor logits, bool fromA)
    {
        TensorChecks.RequireLogitColumn(logits, nameof(logits));
        return BinaryCrossEntropy(logits, fromA ? LabelB : LabelA);
    }

    private static Tensor BinaryCrossEntropy(Tensor logits, double label)
    {
        // softplus(z) − y·z; for y ∈ {0, 1} that is softplus(z) or softplus(−z), each computed stably.
        using var negated = label == LabelA ? null : -logits;
        using var softplus = Softplus(negated ?? logits);
        return softplus.mean();
    }

    // softplus(x) with β = 1 and threshold 20, libtorch's kernel. TorchSharp's public softplus takes both as doubles and
    // makes two native Scalars of them on every call that nothing disposes and nothing keeps alive during the native
    // call (a collection there could free them first: the hazard SafeNorm.Euclidean describes for vector_norm). Its
    // private overload taking Scalars is called with two kept here instead; the values are the same Scalars'. A
    // TorchSharp without that overload gets the public call (checked by a test against the version built with).
    private static readonly Scalar Beta = 1.0.ToScalar();
    private static readonly Scalar Threshold = 20.0.ToScalar();
    private static bool keptScalarsWork = true;

    internal static bool SoftplusKeepsItsScalars => keptScalarsWork;

    internal static Tensor Softplus(Tensor x)
    {
        if (keptScalarsWork)
        {
            try
            {
                return SoftplusWithScalars(x, Beta, Threshold);
            }
            catch (MissingMethodException)
            {
                keptScalarsWork = false;
            }
        }
        return x.softplus(1.0, 20.0);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "softplus1")]
    private static extern Tensor SoftplusWithScalars(Tensor x, Scalar beta, Scalar threshold);
}
