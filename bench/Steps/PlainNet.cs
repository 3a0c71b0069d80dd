using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Bench.Steps;

/// <summary>
/// What a TorchSharp user writes for MlpNet / TinyNet: a trunk up to the embedding and a head after it, as two
/// nn.Sequential. Its Linear layers are created in the generated module's order, so the same seed gives the same
/// parameters.
/// </summary>
public sealed class PlainNet : nn.Module<Tensor, (Tensor Result, Tensor Embedding)>
{
    private readonly nn.Module<Tensor, Tensor> trunk;
    private readonly nn.Module<Tensor, Tensor> head;

    private PlainNet(nn.Module<Tensor, Tensor> trunk, nn.Module<Tensor, Tensor> head) : base(nameof(PlainNet))
    {
        this.trunk = trunk;
        this.head = head;
        RegisterComponents();
    }

    /// <summary>784 → 256 ReLU → 64 (embedding) ReLU → 10.</summary>
    public static PlainNet Mlp() => new(
        nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64)),
        nn.Sequential(nn.ReLU(), nn.Linear(64, 10)));

    /// <summary>8 → 8 (embedding) ReLU → 8.</summary>
    public static PlainNet Tiny() => new(
        nn.Sequential(nn.Linear(8, 8)),
        nn.Sequential(nn.ReLU(), nn.Linear(8, 8)));

    /// <summary>Creates the network for <paramref name="size"/>.</summary>
    public static PlainNet Of(NetSize size) => size == NetSize.Mlp ? Mlp() : Tiny();

    /// <inheritdoc />
    public override (Tensor Result, Tensor Embedding) forward(Tensor input)
    {
        var embedding = trunk.call(input);
        return (head.call(embedding), embedding);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            trunk.Dispose();
            head.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Which of the two benchmark networks.</summary>
public enum NetSize
{
    /// <summary>784-256-64-10 at batch 128.</summary>
    Mlp,

    /// <summary>8-8-8 at batch 8: fixed per-step overhead dominates.</summary>
    Tiny,
}
