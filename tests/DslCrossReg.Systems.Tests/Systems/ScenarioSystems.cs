using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Systems.Tests.Systems;

// The four scenarios (docs/cross-methods.md), each as one declaration (scenarios 3 and 4 compare variants of one setup, so
// each variant is its own declaration of the same shape).

/// <summary>Scenario 1: the image modality, a small conv net with a 16-wide embedding near the end.</summary>
[Network]
public partial class ImageView
{
    static Layer Architecture => Input(1, 8, 8) >> Conv2d(4, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten
        >> Linear(32) >> ReLU >> Linear(16).Tap("embedding") >> Linear(3);
}

/// <summary>Scenario 1: the caption modality.</summary>
[Network]
public partial class CaptionView
{
    static Layer Architecture => Input(20) >> Linear(32) >> ReLU >> Linear(16).Tap("embedding") >> Linear(3);
}

/// <summary>Scenario 1: two modalities with their own tasks, pulled together by all three of its methods at 0.1.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
[CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "Image", Student = "Caption", Tap = "embedding")]
public partial class ImageCaption
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial ImageView Image { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial CaptionView Caption { get; }
}

/// <summary>Scenario 2: an MNIST-like classifier of 8×8 images, flattened.</summary>
[Network]
public partial class Digits
{
    static Layer Architecture => Input(64) >> Linear(32) >> ReLU >> Linear(10);
}

/// <summary>Scenario 2: B trained on its task while pushed away from a trained, frozen A, by parameters and by outputs (strength 0.001).</summary>
[CrossLoss(CrossMethod.ParameterDistance, 0.001, Reference = "A")]
[CrossLoss(CrossMethod.OutputDisagreement, 0.001, Reference = "A")]
public partial class DiverseEnsemble
{
    [Member(Frozen = true)] public partial Digits A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Digits B { get; }
}

/// <summary>Scenario 3: 100 → 128 ReLU → 64 ReLU → 10, raw outputs.</summary>
[Network]
public partial class Regressor
{
    static Layer Architecture => Input(100) >> Linear(128) >> ReLU >> Linear(64) >> ReLU >> Linear(10);
}

/// <summary>Scenario 3 with the ε-safe min–max normalisation.</summary>
[SharedInput]
[OutputNorm(NormMethod.Range)]
public partial class RangeNormalisedPair
{
    [Member(Task = TaskLoss.Mse)] public partial Regressor First { get; }
    [Member(Task = TaskLoss.Mse)] public partial Regressor Second { get; }
}

/// <summary>Scenario 3 with per-sample standardisation.</summary>
[SharedInput]
[OutputNorm(NormMethod.Standardize)]
public partial class StandardisedPair
{
    [Member(Task = TaskLoss.Mse)] public partial Regressor First { get; }
    [Member(Task = TaskLoss.Mse)] public partial Regressor Second { get; }
}

/// <summary>Scenario 3 with statistics pooled over both networks' outputs.</summary>
[SharedInput]
[OutputNorm(NormMethod.SharedStandardize)]
public partial class SharedStandardisedPair
{
    [Member(Task = TaskLoss.Mse)] public partial Regressor First { get; }
    [Member(Task = TaskLoss.Mse)] public partial Regressor Second { get; }
}

/// <summary>Scenario 4: conv 32×3×3 → max-pool → flatten → dense to 128.</summary>
[Network]
public partial class ImageEncoder
{
    static Layer Architecture => Input(1, 8, 8) >> Conv2d(32, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(128).Tap("embedding");
}

/// <summary>
/// Scenario 4: embedding → LSTM 64 → dense to 128, on 6-token texts. A 1,000-word vocabulary rather than the
/// write-up's 10,000: Adam updates every row of the embedding each step, and the 200-step test has to stay fast.
/// </summary>
[Network]
public partial class TextEncoder
{
    static Layer Architecture => TokenInput(6) >> Embedding(1000, 128) >> LSTM(64) >> Linear(128).Tap("embedding");
}

/// <summary>Scenario 4, basic form: 1 − s for similar pairs, max(0, s + 0.1) for dissimilar ones.</summary>
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Form = CrossForm.Basic, Margin = 0.1)]
public partial class ImageTextBasic
{
    [Member] public partial ImageEncoder Image { get; }
    [Member] public partial TextEncoder Text { get; }
}

/// <summary>Scenario 4, margin form with margin 0.2.</summary>
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.2)]
public partial class ImageTextMargin
{
    [Member] public partial ImageEncoder Image { get; }
    [Member] public partial TextEncoder Text { get; }
}

/// <summary>Scenario 4, label-weighted form: 0.3 for similar pairs, 0.7 for dissimilar ones.</summary>
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Form = CrossForm.Weighted, PositiveWeight = 0.3, NegativeWeight = 0.7)]
public partial class ImageTextWeighted
{
    [Member] public partial ImageEncoder Image { get; }
    [Member] public partial TextEncoder Text { get; }
}
