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
