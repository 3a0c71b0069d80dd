namespace DslCrossReg;

/// <summary>How two (or more) member networks regularise each other; docs/cross-methods.md gives each method's formula.</summary>
public enum CrossMethod
{
    /// <summary>Mean per-sample distance between two members' taps (scenario 1, method 1); gradients reach both.</summary>
    EmbeddingDistance,

    /// <summary>
    /// A discriminator learns which member an embedding came from and each member learns to be taken for the other
    /// (scenario 1, method 2). The discriminator steps on detached embeddings; the members never move it.
    /// </summary>
    Adversarial,

    /// <summary>The student mimics the teacher, whose output is detached (scenario 1, method 3).</summary>
    Distillation,

    /// <summary>Pushes members' parameters away from a reference network's, which is never updated (scenario 2).</summary>
    ParameterDistance,

    /// <summary>Rewards predictions that differ from a reference network's, which is never updated (scenario 2).</summary>
    OutputDisagreement,

    /// <summary>Similarity-based loss over pairs, labelled or batch-wise InfoNCE (scenario 4); gradients reach both.</summary>
    Contrastive,
}

/// <summary>
/// Which formula a <see cref="CrossMethod"/> uses where it has several; <see cref="Default"/> picks the method's
/// sound default (named beside each value).
/// </summary>
public enum CrossForm
{
    /// <summary>The method's default: Euclidean, L2 (with a tap) or Kl (without), InverseL1, InverseCrossEntropy, InfoNce.</summary>
    Default,

    /// <summary>EmbeddingDistance: mean of ‖a − b‖₂ (the default).</summary>
    Euclidean,

    /// <summary>EmbeddingDistance: mean of 1 − cos(a, b).</summary>
    Cosine,

    /// <summary>Distillation: per-sample L2 between the student's and the detached teacher's taps.</summary>
    L2,

    /// <summary>Distillation: Hinton's KL between temperature-softened outputs, scaled by T².</summary>
    Kl,

    /// <summary>ParameterDistance: Σ 1 / (Σ|A − B| + ε) over parameter tensors (scenario 2's form, ε-guarded).</summary>
    InverseL1,

    /// <summary>ParameterDistance: exp(−mean|A − B| / scale), bounded in (0, 1].</summary>
    ExpSimilarity,

    /// <summary>ParameterDistance: cosine similarity of the flattened parameters.</summary>
    CosineSimilarity,

    /// <summary>OutputDisagreement: 1 / (CE(output, reference prediction) + ε).</summary>
    InverseCrossEntropy,

    /// <summary>OutputDisagreement: −min(CE(output, reference prediction), clamp).</summary>
    NegativeCrossEntropy,

    /// <summary>Contrastive: scenario 4's basic loss, (1 − s) for similar pairs, max(0, s + margin) for dissimilar.</summary>
    Basic,

    /// <summary>Contrastive: max(0, margin − s) for similar pairs, max(0, s + margin) for dissimilar.</summary>
    Margin,

    /// <summary>Contrastive: the basic loss weighted per label (PositiveWeight, NegativeWeight).</summary>
    Weighted,

    /// <summary>Contrastive: symmetric InfoNCE over the batch with cosine logits / temperature (the default).</summary>
    InfoNce,
}
