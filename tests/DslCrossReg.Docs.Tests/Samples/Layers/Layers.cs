using System;
using DslCrossReg;
using TorchSharp;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DocSamples.Layers;

#region text-encoder
[Network]
public partial class TextEncoder
{
    static Layer Architecture =>
        TokenInput(20)                        // 20 token ids per sample, Int64
        >> Embedding(1000, 32)                // [20] → [20, 32]
        >> LSTM(24).Tap("sentence")           // [20, 32] → [24], the last hidden state
        >> Linear(8);
}
#endregion

#region residual
[Network]
public partial class Deep
{
    const int Width = 16;

    static Layer Architecture =>
        Input(Width)
        >> Residual(Linear(32) >> ReLU >> Linear(Width)).Tap("block")   // x + inner(x); inner keeps [16]
        >> LayerNorm
        >> Linear(2);
}
#endregion

public static class Interpreted
{
    public static (string Output, long Parameters, long[] Embedding) Run()
    {
        using var scope = torch.NewDisposeScope();
        #region interpreted
        Layer architecture = Input(8) >> Linear(16) >> ReLU >> Linear(4).Tap("embedding") >> Linear(2);
        Console.WriteLine(architecture.OutputShape);          // [*, 2]
        Console.WriteLine(architecture.ParameterCount);       // 144 + 68 + 10 = 222

        using var network = architecture.Build("Small");       // a TorchSharp Module<Tensor, NetworkOutput>
        NetworkOutput y = network.call(torch.randn(5, 8));
        Tensor embedding = y.Taps["embedding"];                // [5, 4]
        #endregion
        return (architecture.OutputShape.ToString(), architecture.ParameterCount, embedding.shape);
    }
}
