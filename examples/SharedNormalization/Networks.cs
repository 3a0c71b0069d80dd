using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Examples.SharedNormalization;

/// <summary>
/// Scenario 3's network: 128 ReLU → 64 ReLU → 10 raw outputs. The scenario's 100 inputs become a flattened
/// 28 × 28 digit; the output is left raw because the system normalises it.
/// </summary>
[Network]
public partial class Mlp
{
    static Layer Architecture => Input(784) >> Linear(128) >> ReLU >> Linear(64) >> ReLU >> Linear(10);
}
