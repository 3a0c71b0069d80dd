using DslCrossReg.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Modules;

/// <summary>The <c>RangeNormalize(ε)</c> layer: <see cref="Normalizers.Range"/> as a parameterless module.</summary>
public sealed class RangeNormalizeLayer : nn.Module<Tensor, Tensor>
{
    private readonly double epsilon;

    /// <summary>Creates the layer.</summary>
    public RangeNormalizeLayer(double epsilon) : base(nameof(RangeNormalizeLayer)) => this.epsilon = epsilon;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Normalizers.Range(input, epsilon);
}

/// <summary>The <c>Standardize(ε)</c> layer: <see cref="Normalizers.Standardize"/> as a parameterless module.</summary>
public sealed class StandardizeLayer : nn.Module<Tensor, Tensor>
{
    private readonly double epsilon;

    /// <summary>Creates the layer.</summary>
    public StandardizeLayer(double epsilon) : base(nameof(StandardizeLayer)) => this.epsilon = epsilon;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Normalizers.Standardize(input, epsilon);
}

/// <summary>
/// The recurrent layers of the DSL return the last layer's final hidden state (batch, hidden), the summary of
/// the whole sequence; the per-step outputs and the LSTM cell state are released at once.
/// </summary>
public static class RecurrentState
{
    /// <summary>Runs <paramref name="lstm"/> (batch-first) and returns its last layer's final hidden state.</summary>
    public static Tensor LastHidden(TorchSharp.Modules.LSTM lstm, Tensor input)
    {
        var (output, hidden, cell) = lstm.call(input);
        output.Dispose();
        cell.Dispose();
        return LastLayer(hidden);
    }

    /// <summary>Runs <paramref name="gru"/> (batch-first) and returns its last layer's final hidden state.</summary>
    public static Tensor LastHidden(TorchSharp.Modules.GRU gru, Tensor input)
    {
        var (output, hidden) = gru.call(input);
        output.Dispose();
        return LastLayer(hidden);
    }

    private static Tensor LastLayer(Tensor hidden)
    {
        using (hidden) return hidden.select(0, hidden.shape[0] - 1);
    }
}
