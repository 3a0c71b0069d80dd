using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// Every term of a system's loss as scalar tensors (still attached to the graph), by stable name. Dispose it, or
/// create it inside a dispose scope, to free them.
/// </summary>
public sealed class LossBreakdown : IDisposable
{
    /// <summary>Creates a breakdown.</summary>
    public LossBreakdown(Tensor total, IReadOnlyDictionary<string, Tensor> terms)
    {
        Total = total;
        Terms = terms;
    }

    /// <summary>The members' combined loss.</summary>
    public Tensor Total { get; }

    /// <summary>Every term by name; cross terms already weighted.</summary>
    public IReadOnlyDictionary<string, Tensor> Terms { get; }

    /// <summary>The terms as doubles, in the same order (one read of each term).</summary>
    public IReadOnlyDictionary<string, double> ToDoubles()
    {
        if (Terms is NamedTerms<Tensor> named) return named.Select(static t => TensorReads.ToDouble(t));
        var values = new NamedTerms<double>(Terms.Count);
        foreach (var (name, term) in Terms) values.Add(name, TensorReads.ToDouble(term));
        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var term in Terms.Values) term.Dispose();
        Total.Dispose();
    }
}
