using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.ComponentModel;
using System.Globalization;

namespace DslCrossReg;

/// <summary>
/// The argument exceptions the library and its generated code throw: an <see cref="ArgumentException"/> or
/// <see cref="ArgumentOutOfRangeException"/> whose <see cref="Exception.Message"/> is the library's sentence alone, as
/// written, without the " (Parameter 'name')" and "Actual value was …" lines .NET appends. The parameter's name is
/// still in <see cref="ArgumentException.ParamName"/>, the value in <see cref="ArgumentOutOfRangeException.ActualValue"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ArgumentErrors
{
    /// <summary>An <see cref="ArgumentException"/> whose message is <paramref name="message"/> as written.</summary>
    public static ArgumentException Invalid(string message, string? paramName = null) => new CleanArgumentException(message, paramName);

    /// <summary>
    /// An <see cref="ArgumentOutOfRangeException"/> whose message is <paramref name="message"/> with the value it
    /// got: "The learning rate must be positive and finite, got -1."
    /// </summary>
    public static ArgumentOutOfRangeException OutOfRange(string paramName, object? actualValue, string message)
        => new CleanArgumentOutOfRangeException(paramName, actualValue, message);

    /// <summary>An <see cref="ArgumentOutOfRangeException"/> whose message is <paramref name="message"/> as written.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string paramName, string message)
        => new CleanArgumentOutOfRangeException(paramName, null, message);

    /// <summary>
    /// Throws an <see cref="ArgumentNullException"/> whose message is "<paramref name="name"/> must not be null." when
    /// <paramref name="value"/> is null (.NET's own check appends " (Parameter 'x')").
    /// </summary>
    public static void NotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null) throw new CleanArgumentNullException(name ?? "value");
    }

    /// <summary>As <see cref="NotNull"/>, and an <see cref="ArgumentException"/> for an empty string.</summary>
    public static void NotNullOrEmpty([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        NotNull(value, name);
        if (value.Length == 0) throw new CleanArgumentException((name ?? "value") + " must not be empty.", name);
    }

    /// <summary><paramref name="message"/> with ", got <paramref name="value"/>" before its final full stop.</summary>
    internal static string WithValue(string message, object? value)
    {
        if (value is null) return message;
        string got = ", got " + Convert.ToString(value, CultureInfo.InvariantCulture);
        return message.EndsWith('.') ? message.Substring(0, message.Length - 1) + got + "." : message + got;
    }

    private sealed class CleanArgumentNullException : ArgumentNullException
    {
        public CleanArgumentNullException(string paramName) : base(paramName) { }

        public override string Message => ParamName + " must not be null.";
    }

    private sealed class CleanArgumentException : ArgumentException
    {
        private readonly string message;

        public CleanArgumentException(string message, string? paramName) : base(message, paramName) => this.message = message;

        public override string Message => message;
    }

    private sealed class CleanArgumentOutOfRangeException : ArgumentOutOfRangeException
    {
        private readonly string message;

        public CleanArgumentOutOfRangeException(string paramName, object? actualValue, string message)
            : base(paramName, actualValue, message) => this.message = WithValue(message, actualValue);

        public override string Message => message;
    }
}
