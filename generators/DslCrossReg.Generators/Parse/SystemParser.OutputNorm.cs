using DslCrossReg.Shapes;
using System;
using System.Globalization;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The system's <c>[OutputNorm]</c>: the normaliser its members' outputs pass through before their task losses, and
/// its epsilon, each one the generated code can be written with.
/// </summary>
internal static partial class SystemParser
{
    /// <summary>The normaliser (null when the system declares none), its epsilon, and where a rule about it points.</summary>
    private readonly record struct OutputNormRead(NormMethod? Method, double Epsilon, SourceLocation? Location);

    private static OutputNormRead ReadOutputNorm(SystemReading reading)
    {
        var norm = Attribute(reading.System, OutputNormAttributeName);
        NormMethod? method = norm is { ConstructorArguments.Length: 1 } && norm.ConstructorArguments[0].Value is int n ? (NormMethod)n : null;
        double epsilon = NamedReal(norm, "Epsilon", 1e-8);
        var location = SourceLocation.From(norm?.ApplicationSyntaxReference?.GetSyntax(reading.CancellationToken)) ?? reading.Identifier;
        if (method is { } normMethod && !Enum.IsDefined(typeof(NormMethod), normMethod))
        {
            reading.Report(DiagnosticDescriptors.InvalidTermParameter, location, "[OutputNorm]", "the method",
                "one of " + string.Join(", ", Enum.GetNames(typeof(NormMethod))), ((int)normMethod).ToString(CultureInfo.InvariantCulture));
            reading.Valid = false;
        }
        if (norm is not null && !(epsilon > 0 && !double.IsInfinity(epsilon)))
        {
            reading.Report(DiagnosticDescriptors.InvalidTermParameter, ArgumentLocation(norm, "Epsilon", reading.CancellationToken) ?? location,
                "[OutputNorm]", "Epsilon", "positive and finite", InvariantNumbers.Real(epsilon));
            reading.Valid = false;
        }
        return new OutputNormRead(method, epsilon, location);
    }
}
