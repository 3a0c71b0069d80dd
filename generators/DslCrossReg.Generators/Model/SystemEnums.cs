namespace DslCrossReg.Generators.Model;

// The generator does not reference the runtime assembly, so the attribute enums it reads are mirrored here with
// the same names and values; a test holds the two in step.

internal enum CrossMethod { EmbeddingDistance, Adversarial, Distillation, ParameterDistance, OutputDisagreement, Contrastive }

internal enum CrossForm
{
    Default, Euclidean, Cosine, L2, Kl, InverseL1, ExpSimilarity, CosineSimilarity,
    InverseCrossEntropy, NegativeCrossEntropy, Basic, Margin, Weighted, InfoNce,
}

internal enum TaskLoss { None, CrossEntropy, Mse, Bce, CrossEntropyWhereLabeled }

internal enum OptimizerKind { Adam, AdamW, Sgd }

internal enum NormMethod { Range, Standardize, SharedStandardize }

/// <summary>What a member's or discriminator's optimizer gets for a setting the declaration does not write.</summary>
internal static class OptimizerDefaults
{
    /// <summary>
    /// PyTorch's <c>torch.optim.AdamW</c> default. TorchSharp's <c>optim.AdamW</c> defaults to 0, which makes AdamW
    /// plain Adam; a PyTorch user writing <c>Optimizer = AdamW</c> expects decoupled decay.
    /// </summary>
    public const double AdamWWeightDecay = 0.01;

    /// <summary>The weight decay of <paramref name="optimizer"/> when none is written: 0.01 for AdamW, 0 for Adam and SGD (as in PyTorch).</summary>
    public static double WeightDecay(OptimizerKind optimizer) => optimizer == OptimizerKind.AdamW ? AdamWWeightDecay : 0;
}
