using System;

namespace DslCrossReg.Training;

/// <summary>
/// A batch field is wrong (shape, dtype, device, batch size, label range, non-finite values). The message names the
/// system, the field, what was expected and what was received; nothing was computed or updated.
/// </summary>
public sealed class BatchException : ArgumentException
{
    private readonly string message;

    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public BatchException(string field, string message) : base(message, field)
    {
        Field = field;
        this.message = message;
    }

    /// <summary>The batch field at fault, e.g. <c>LeftTarget</c> (also the <see cref="ArgumentException.ParamName"/>).</summary>
    public string Field { get; }

    /// <summary>The sentence that names the field and what is wrong, without .NET's " (Parameter 'field')" line.</summary>
    public override string Message => message;
}
