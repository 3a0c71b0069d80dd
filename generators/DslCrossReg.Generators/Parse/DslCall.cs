using DslCrossReg.Generators.Model;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// One Layers DSL member as written: its name (<c>Linear</c>, <c>ReLU</c>), its arguments bound to parameter names
/// with their compile-time values (defaults filled in), the tap set on it, and the inner pipeline of a Residual.
/// <see cref="LayerName"/> is the name declared with <c>.Named("…")</c>, if any.
/// </summary>
internal sealed record DslCall(
    string Name,
    EquatableArray<DslArgument> Arguments,
    string? Tap,
    EquatableArray<DslCall> Inner,
    SourceLocation? Location)
{
    public string? LayerName { get; init; }

    /// <summary>
    /// The instance methods of <c>Layer</c> that decorate the last layer of their receiver (<c>.Tap("h")</c>,
    /// <c>.Named("fc1")</c>) rather than add one.
    /// </summary>
    public static bool IsDecorator(string method) => method is "Tap" or "Named";

    /// <summary>This call with the decorator <paramref name="method"/>'s text argument applied.</summary>
    public DslCall Decorated(string method, string text) => method == "Tap" ? this with { Tap = text } : this with { LayerName = text };

    /// <summary>The text the decorator <paramref name="method"/> already gave this call, or null.</summary>
    public string? Decoration(string method) => method == "Tap" ? Tap : LayerName;

    /// <summary>The message for a second <c>.Tap</c> or <c>.Named</c> on one layer, which <c>Layer</c> refuses at run time.</summary>
    public static string SecondDecoration(string layer, string method, string earlier, string text) => method == "Tap"
        ? "the " + layer + " layer is already tapped as '" + earlier + "', so .Tap(\"" + text + "\") would throw at run time: a layer has one tap; tap another layer, or remove one of the two"
        : "the " + layer + " layer is already named '" + earlier + "', so .Named(\"" + text + "\") would throw at run time: a layer has one name; remove one of the two";
}

/// <summary>A bound argument: parameter name and its constant value (int, double, string or an int array).</summary>
internal sealed record DslArgument(string Parameter, DslValue Value, SourceLocation? Location);

/// <summary>A compile-time constant of the DSL, kept as an equatable value.</summary>
internal sealed record DslValue(long? Integer, double? Real, string? Text, EquatableArray<long> Integers)
{
    public static DslValue Of(object? constant) => constant switch
    {
        int i => new DslValue(i, i, null, default),
        long l => new DslValue(l, l, null, default),
        double d => new DslValue(null, d, null, default),
        float f => new DslValue(null, f, null, default),
        string s => new DslValue(null, null, s, default),
        _ => new DslValue(null, null, null, default),
    };

    public static DslValue OfArray(EquatableArray<long> values) => new(null, null, null, values);
}
