using System.Globalization;

namespace DslCrossReg.Shapes;

/// <summary>
/// Numbers as the library writes them into messages and the generator writes them into code: in the invariant culture
/// whatever the machine's (fi-FI's minus sign U+2212 or de-DE's decimal comma must never reach a message, let alone a
/// literal), reals in their shortest round-trip form. One formatter for the shape rules, the runtime and the emitters
/// (this folder is compiled into the generator too).
/// </summary>
internal static class InvariantNumbers
{
    /// <summary>An integer: <c>-3</c>, <c>128</c>.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A real as it round-trips: <c>0.001</c>, <c>1E-08</c>, <c>2</c>, <c>-0.5</c>, <c>NaN</c>, <c>Infinity</c>.</summary>
    public static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A finite real as a C# <c>double</c> literal: <see cref="Real"/>, with <c>.0</c> added where it would otherwise
    /// read as an integer (<c>2.0</c>, <c>0.001</c>, <c>1E-08</c>), so that it keeps its type in any expression it is
    /// written into. NaN and infinities have no literal: callers refuse them before they get here.
    /// </summary>
    public static string DoubleLiteral(double value)
    {
        string text = Real(value);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }
}
