using DslCrossReg;

namespace DslCrossReg.Examples.ContrastivePairs;

// Scenario 4: two encoders trained inside one custom loss and nothing else (no task loss on either member). Each
// system declares the same two members with their own Adam optimizers (the write-up used one optimizer over both
// networks' variables; per-network optimizers are the general case) and one Contrastive term whose gradients reach
// both encoders. The systems differ only in the term's Form. s is the dot product of the two tapped embeddings,
// bounded because the tap sits after a Tanh (see Networks.cs): the write-up's unbounded s, which lets a similar
// pair drive the basic loss to −∞, cannot happen here.

// 1. The basic form: 1 − s for similar pairs, max(0, s + 0.1) for dissimilar ones.
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Form = CrossForm.Basic, Margin = 0.1)]
public partial class BasicPairs
{
    [Member] public partial LeftEncoder Left { get; }
    [Member] public partial RightEncoder Right { get; }
}

// 2. The margin form (0.2): max(0, 0.2 − s) for similar pairs, max(0, s + 0.2) for dissimilar ones. Bounded
//    below by 0 on its own: a similar pair stops pulling once s ≥ 0.2.
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.2)]
public partial class MarginPairs
{
    [Member] public partial LeftEncoder Left { get; }
    [Member] public partial RightEncoder Right { get; }
}

// 3. The label-weighted form: the basic loss × 0.3 for similar pairs and × 0.7 for dissimilar ones (margin 0.1).
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Form = CrossForm.Weighted, PositiveWeight = 0.3, NegativeWeight = 0.7, Margin = 0.1)]
public partial class WeightedPairs
{
    [Member] public partial LeftEncoder Left { get; }
    [Member] public partial RightEncoder Right { get; }
}

// 4. The sound default: symmetric InfoNCE over the batch on cosine similarities (bounded whatever the tap) at
//    temperature 0.1. It needs no PairLabel: row i of Left and row i of Right are a positive, every other row of
//    the batch a negative, so it is fed only the similar pairs of each batch (see Experiment.cs).
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding", Temperature = 0.1)]
public partial class InfoNcePairs
{
    [Member] public partial LeftEncoder Left { get; }
    [Member] public partial RightEncoder Right { get; }
}
