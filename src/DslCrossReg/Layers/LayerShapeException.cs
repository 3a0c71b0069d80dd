using System;
using DslCrossReg.Shapes;

namespace DslCrossReg;

/// <summary>A pipeline breaks a shape rule; the message names the layer and the expected and actual shapes.</summary>
public sealed class LayerShapeException : ArgumentException
{
    /// <summary>Creates the exception from the first broken rule.</summary>
    public LayerShapeException(ShapeError error)
        : base(error.Message) => Error = error;

    /// <summary>The broken rule.</summary>
    public ShapeError Error { get; }
}
