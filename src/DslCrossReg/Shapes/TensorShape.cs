using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Shapes;

/// <summary>
/// The shape of one sample (the batch axis excluded) and its element type; written <c>[*, 16, 13, 6]</c>, the
/// <c>*</c> standing for the batch.
/// </summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly int[] dims;

    /// <summary>Creates a shape.</summary>
    public TensorShape(ElementType elementType, IEnumerable<int> dims)
    {
        ElementType = elementType;
        this.dims = dims.ToArray();
    }

    /// <summary>A Float32 shape.</summary>
    public static TensorShape Float(params int[] dims) => new(ElementType.Float32, dims);

    /// <summary>An Int64 (token id) shape.</summary>
    public static TensorShape Tokens(params int[] dims) => new(ElementType.Int64, dims);

    /// <summary>The element type.</summary>
    public ElementType ElementType { get; }

    /// <summary>
    /// For token ids read by an <c>Embedding</c>, the vocabulary size: every id must lie in [0, vocabulary). Null for
    /// Float32 shapes. A constraint on values, not part of the shape: it takes no part in equality.
    /// </summary>
    public int? Vocabulary { get; private init; }

    /// <summary>The same token-id shape, its ids bounded by <paramref name="vocabulary"/>.</summary>
    public TensorShape WithVocabulary(int vocabulary) => new(ElementType, dims) { Vocabulary = vocabulary };

    /// <summary>The per-sample dimensions.</summary>
    public IReadOnlyList<int> Dims => dims;

    /// <summary>The per-sample rank (the batch axis not counted).</summary>
    public int Rank => dims.Length;

    /// <summary>The last dimension (the feature width).</summary>
    public int Last => dims[dims.Length - 1];

    /// <summary>The number of elements of one sample.</summary>
    public long ElementCount => dims.Aggregate(1L, (p, d) => p * d);

    /// <summary>The same element type with other dimensions.</summary>
    public TensorShape With(params int[] newDims) => new(ElementType, newDims);

    /// <summary><c>[*, 16, 13, 6]</c>, followed by <c> Int64</c> for token ids.</summary>
    public override string ToString()
        => "[*" + string.Concat(dims.Select(d => ", " + d.ToString(CultureInfo.InvariantCulture))) + "]"
           + (ElementType == ElementType.Int64 ? " Int64" : string.Empty);

    /// <inheritdoc />
    public bool Equals(TensorShape? other)
        => other is not null && ElementType == other.ElementType && dims.SequenceEqual(other.dims);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            int hash = (int)ElementType;
            foreach (var d in dims) hash = (hash * 31) + d;
            return hash;
        }
    }
}
