using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

/// <summary>A user's module with parameters: y = tanh(x Wᵀ + b) over the last axis, from a registered Linear.</summary>
public sealed class TanhBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear linear;

    public TanhBlock(long inFeatures, long outFeatures) : base(nameof(TanhBlock))
    {
        linear = nn.Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var affine = linear.call(input);
        return affine.tanh();
    }
}

/// <summary>A parameterless user's module that reshapes each sample to [rows, columns].</summary>
public sealed class ReshapeBlock : nn.Module<Tensor, Tensor>
{
    private readonly long rows;
    private readonly long columns;

    public ReshapeBlock(long rows, long columns) : base(nameof(ReshapeBlock))
    {
        this.rows = rows;
        this.columns = columns;
    }

    public override Tensor forward(Tensor input) => input.reshape(-1, rows, columns);
}

/// <summary>A user's module that reads Int64 token ids: its own embedding table.</summary>
public sealed class TokenTable : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Embedding table;

    public TokenTable(long vocabulary, long dim) : base(nameof(TokenTable))
    {
        table = nn.Embedding(vocabulary, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => table.call(input);
}

/// <summary>A user's module that returns whatever shape it is told to, to test the run-time check of a declared shape.</summary>
public sealed class WrongWidth : nn.Module<Tensor, Tensor>
{
    private readonly long width;

    public WrongWidth(long width) : base(nameof(WrongWidth)) => this.width = width;

    public override Tensor forward(Tensor input) => torch.zeros(input.shape[0], width);
}

/// <summary>A user's module that returns one row whatever the batch: right per-sample shape, wrong batch size.</summary>
public sealed class OneRow : nn.Module<Tensor, Tensor>
{
    public OneRow() : base(nameof(OneRow)) { }

    public override Tensor forward(Tensor input) => input.mean(new long[] { 0 }, keepdim: true);
}
