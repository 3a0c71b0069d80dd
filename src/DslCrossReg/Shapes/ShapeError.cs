using System.Collections.Generic;

namespace DslCrossReg.Shapes;

/// <summary>What kind of rule a pipeline broke; the generator maps each kind to its own diagnostic id.</summary>
public enum ShapeErrorKind
{
    /// <summary>The pipeline's structure: no Input, Input not first, nothing after Input, a tap inside a Residual.</summary>
    InvalidPipeline,
    /// <summary>A layer receives a shape (or element type) it cannot take.</summary>
    ShapeMismatch,
    /// <summary>A size, kernel, probability, slope or ε out of range.</summary>
    InvalidParameter,
    /// <summary>Two taps share one name.</summary>
    DuplicateTap,
    /// <summary>A Residual's inner pipeline returns another shape than it receives.</summary>
    ResidualChangesShape,
    /// <summary>A layer's declared name is not a valid name, or two layers share one name.</summary>
    InvalidName,
}

/// <summary>The first rule a pipeline breaks, with the layer that breaks it and a stable message.</summary>
public sealed class ShapeError
{
    /// <summary>Creates an error.</summary>
    public ShapeError(ShapeErrorKind kind, IReadOnlyList<int> path, string message)
    {
        Kind = kind;
        Path = path;
        Message = message;
    }

    /// <summary>The rule broken.</summary>
    public ShapeErrorKind Kind { get; }

    /// <summary>
    /// Where: indices into the pipeline (Input is index 0), then into a Residual's inner pipeline, and so on;
    /// empty when the error concerns the pipeline as a whole.
    /// </summary>
    public IReadOnlyList<int> Path { get; }

    /// <summary>The message, e.g. <c>layer 2 Linear(100, 10) expects input [*, 100] but receives [*, 784]</c>.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
