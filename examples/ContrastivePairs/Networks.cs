using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Examples.ContrastivePairs;

/// <summary>
/// Scenario 4's image encoder on the left 14 columns of a digit: conv 32×3×3 → max-pool → flatten → dense to a
/// 128-wide embedding. The Tanh at the tap bounds every coordinate to (−1, 1), so the dot product of two
/// embeddings lies in (−128, 128) instead of being unbounded.
/// </summary>
[Network]
public partial class LeftEncoder
{
    static Layer Architecture =>
        Input(1, 28, 14)
        >> Conv2d(32, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Flatten
        >> Linear(128) >> Tanh.Tap("embedding");
}

/// <summary>
/// The second encoder (the scenario's text encoder, here an MLP) on the right 14 columns of a digit, flattened:
/// 392 → 256 ReLU → 128, bounded by the same Tanh at the tap.
/// </summary>
[Network]
public partial class RightEncoder
{
    static Layer Architecture => Input(392) >> Linear(256) >> ReLU >> Linear(128) >> Tanh.Tap("embedding");
}
