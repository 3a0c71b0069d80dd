using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Modules;

/// <summary>
/// Runs TorchSharp's attention modules batch first. TorchSharp 0.107's <c>MultiheadAttention</c> and
/// <c>TransformerEncoderLayer</c> (libtorch's C++ modules) read sequences as [L, B, F] and have no batch-first
/// option; the DSL's sequence layers, like its LSTM and GRU, read [B, L, F]. These swap the first two axes on the
/// way in and back on the way out (views, no copies), so the result is what the module computes on each sample.
/// </summary>
public static class SelfAttention
{
    /// <summary>Self-attention of each sample of <paramref name="input"/> [B, L, F] to itself: query = key = value.</summary>
    public static Tensor Run(TorchSharp.Modules.MultiheadAttention attention, Tensor input)
    {
        using var sequenceFirst = input.transpose(0, 1);
        // need_weights: true, because with false TorchSharp 0.107 wraps libtorch's undefined weights in a Tensor that
        // cannot be disposed (it would count as a live tensor forever).
        var result = attention.call(sequenceFirst, sequenceFirst, sequenceFirst, null, true, null);
        result.Item2.Dispose();
        using (result.Item1) return result.Item1.transpose(0, 1);
    }

    /// <summary>One transformer encoder layer on each sample of <paramref name="input"/> [B, L, F].</summary>
    public static Tensor Run(TorchSharp.Modules.TransformerEncoderLayer encoder, Tensor input)
    {
        using var sequenceFirst = input.transpose(0, 1);
        using var output = encoder.call(sequenceFirst);
        return output.transpose(0, 1);
    }
}
