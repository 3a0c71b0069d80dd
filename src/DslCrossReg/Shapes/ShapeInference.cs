using System.Collections.Generic;

namespace DslCrossReg.Shapes;

/// <summary>The outcome of <see cref="ShapeRules.Infer"/>: every layer's output shape, or the first error.</summary>
public sealed class ShapeInference
{
    internal ShapeInference(IReadOnlyList<TensorShape> shapes, IReadOnlyList<KeyValuePair<string, TensorShape>> taps, ShapeError? error)
    {
        Shapes = shapes;
        Taps = taps;
        Error = error;
    }

    /// <summary>Whether the pipeline is valid.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The first error, or null.</summary>
    public ShapeError? Error { get; }

    /// <summary>
    /// The shape after each layer, aligned with the pipeline: <c>Shapes[0]</c> is the input shape. Holds the shapes
    /// inferred before the first error when there is one.
    /// </summary>
    public IReadOnlyList<TensorShape> Shapes { get; }

    /// <summary>The input shape.</summary>
    public TensorShape Input => Shapes[0];

    /// <summary>The final output shape.</summary>
    public TensorShape Output => Shapes[Shapes.Count - 1];

    /// <summary>Each tap's name and shape, in pipeline order.</summary>
    public IReadOnlyList<KeyValuePair<string, TensorShape>> Taps { get; }
}
