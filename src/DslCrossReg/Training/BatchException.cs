using System;

namespace DslCrossReg.Training;

/// <summary>
/// A batch field is wrong (shape, dtype, device, batch size, label range, non-finite values). The message names the
/// system, the field, what was expected and what was received; nothing was computed or updated.
/// </summary>
public sealed class BatchException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public BatchException(string field, string message) : base(message, field) => Field = field;

    /// <summary>The batch field at fault, e.g. <c>LeftTarget</c>.</summary>
    public string Field { get; }
}
