using static DslCrossReg.Layers;

namespace DslCrossReg.Integration.Tests.Networks;

/// <summary>Token ids through an embedding into an LSTM's final hidden state.</summary>
[Network]
public partial class LstmEncoder
{
    internal static Layer Architecture => TokenInput(20) >> Embedding(100, 16) >> LSTM(24).Tap("sentence") >> Linear(8);
}

/// <summary>Token ids through an embedding into a GRU, the GRU's state being the output.</summary>
[Network]
public partial class GruEncoder
{
    internal static Layer Architecture => TokenInput(12) >> Embedding(50, 6).Tap("vectors") >> GRU(5);
}

/// <summary>An embedding without a recurrent layer: the token vectors are flattened.</summary>
[Network]
public partial class BagOfEmbeddings
{
    internal static Layer Architecture => TokenInput(6) >> Embedding(30, 4) >> Flatten >> Linear(8) >> GELU >> Linear(2);
}

/// <summary>A float sequence normalised per step, mapped per step, then summarised by an LSTM.</summary>
[Network]
public partial class SequenceLstm
{
    internal static Layer Architecture =>
        Input(7, 12) >> LayerNorm >> Linear(10) >> GELU.Tap("steps") >> LSTM(9) >> Dropout(0.2) >> Linear(3);
}
