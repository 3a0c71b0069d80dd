using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Systems.Tests.Systems;

/// <summary>The small member of most unit systems: 6 features, a width-4 "embedding" tap, 3 class logits.</summary>
[Network]
public partial class Encoder
{
    static Layer Architecture => Input(6) >> Linear(8) >> Tanh >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>A user discriminator for the width-4 embedding: one logit per sample.</summary>
[Network]
public partial class Critic
{
    static Layer Architecture => Input(4) >> Linear(8) >> Tanh >> Linear(1);
}

/// <summary>A purely linear member: its embedding grows with the input's scale while a standardised output does not.</summary>
[Network]
public partial class LinearEncoder
{
    static Layer Architecture => Input(4) >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>A member with dropout, so that eval mode visibly differs from train mode.</summary>
[Network]
public partial class DroppingEncoder
{
    static Layer Architecture => Input(6) >> Linear(16) >> ReLU >> Dropout(0.5) >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>A network with dropout, so that resuming needs the random generator's state too.</summary>
[Network]
public partial class DroppyEncoder
{
    static Layer Architecture => Input(6) >> Linear(8) >> Tanh >> Dropout(0.3) >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>BatchNorm and dropout: a forward pass in training mode moves running statistics and draws from the generator.</summary>
[Network]
public partial class NormedEncoder
{
    static Layer Architecture => Input(6) >> Linear(8) >> BatchNorm1d >> Tanh >> Dropout(0.2) >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>Token ids into an Embedding of vocabulary 10.</summary>
[Network]
public partial class TokenEncoder
{
    static Layer Architecture => TokenInput(5) >> Embedding(10, 4) >> Flatten >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>A conv member with BatchNorm (running statistics and an int64 counter among its state): PyTorchWeightsTests.</summary>
[Network]
public partial class ConvEncoder
{
    static Layer Architecture => Input(1, 6, 6) >> Conv2d(4, kernel: 3) >> BatchNorm2d >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(3);
}

/// <summary>Embedding, LSTM (its last hidden state), LayerNorm, head: PyTorchWeightsTests, through a hand-written module's names.</summary>
[Network]
public partial class LstmTagger
{
    static Layer Architecture => TokenInput(5) >> Embedding(10, 6) >> LSTM(8) >> LayerNorm >> Linear(3);
}

/// <summary>Embedding, GRU (its last hidden state), head: PyTorchWeightsTests, through an nn.Sequential's names.</summary>
[Network]
public partial class GruTagger
{
    static Layer Architecture => TokenInput(5) >> Embedding(10, 6) >> GRU(8) >> Linear(3);
}

/// <summary>A transformer encoder layer and self-attention without dropout: PyTorchWeightsTests, through a hand-written module's names.</summary>
[Network]
public partial class AttentionTagger
{
    static Layer Architecture =>
        TokenInput(5) >> Embedding(10, 8) >> TransformerEncoderLayer(2, feedforward: 16, dropout: 0.0) >> MultiheadAttention(2)
        >> Flatten >> Linear(3);
}
