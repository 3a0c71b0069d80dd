using DslCrossReg;
using static DslCrossReg.Layers;

namespace DocSamples.CrossMethods;

#region networks
// Two views of a sample (8 and 12 features), each with a 16-wide embedding and 3 class logits.
[Network]
public partial class Encoder
{
    static Layer Architecture => Input(8) >> Linear(32) >> ReLU >> Linear(16).Tap("embedding") >> ReLU >> Linear(3);
}

[Network]
public partial class WideEncoder
{
    static Layer Architecture => Input(12) >> Linear(64) >> Tanh >> Linear(16).Tap("embedding") >> GELU >> Linear(3);
}
#endregion

#region critic
// A discriminator of your own: it reads the 16-wide tap and returns one logit per sample.
[Network]
public partial class Critic
{
    static Layer Architecture => Input(16) >> Linear(32) >> LeakyReLU(0.2) >> Linear(1);
}
#endregion
