using TorchSharp;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Networks;

/// <summary>
/// A module of a user's own: a gated linear unit, value · σ(gate), over the last axis. Its two Linears are its
/// registered submodules, so their parameters are the network's (module2.value.weight, …).
/// </summary>
public sealed class GatedBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear value;
    private readonly TorchSharp.Modules.Linear gate;

    public GatedBlock(long inFeatures, long outFeatures) : base(nameof(GatedBlock))
    {
        value = nn.Linear(inFeatures, outFeatures);
        gate = nn.Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var v = value.call(input);
        using var g = gate.call(input);
        using var s = g.sigmoid();
        return v * s;
    }
}

/// <summary>An MLP with two user modules of different sizes: one tapped, one inside a Residual.</summary>
[Network]
public partial class GatedMlp
{
    internal static Layer Architecture =>
        Input(6) >> Linear(8) >> Module(() => new GatedBlock(8, 5), outputs: 5).Tap("gated") >> ReLU
        >> Residual(Module(() => new GatedBlock(5, 5), 5) >> Dropout(0.25)) >> Linear(2);
}

/// <summary>A per-step user module over a sequence (its declared output has two axes) feeding self-attention.</summary>
[Network]
public partial class AttentionOverSteps
{
    internal static Layer Architecture =>
        Input(5, 6) >> Module(() => new GatedBlock(6, 8), 5, 8) >> MultiheadAttention(2, dropout: 0.3).Tap("attended")
        >> Flatten >> Linear(3);
}

/// <summary>A small text encoder: token embeddings, two transformer encoder layers, a pooled head.</summary>
[Network]
public partial class TransformerText
{
    internal static Layer Architecture =>
        TokenInput(7) >> Embedding(40, 8) >> TransformerEncoderLayer(2, feedforward: 16).Tap("first")
        >> TransformerEncoderLayer(4, feedforward: 12, dropout: 0.2) >> Flatten >> Linear(4);
}

/// <summary>A module that returns five features whatever it is given.</summary>
public sealed class FiveFeatures : nn.Module<Tensor, Tensor>
{
    public FiveFeatures() : base(nameof(FiveFeatures)) { }

    public override Tensor forward(Tensor input) => torch.ones(input.shape[0], 5);
}

/// <summary>Declares four features for a module that returns five: it compiles (only the module knows), and fails when run.</summary>
[Network]
public partial class MisdeclaredStage
{
    internal static Layer Architecture => Input(3) >> Linear(3) >> Module(() => new FiveFeatures(), outputs: 4) >> Linear(2);
}
