using DslCrossReg.Shapes;
using System;
using System.Globalization;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The optimizer settings a <c>[Member]</c> or the <c>[Discriminator]</c> declares: the generated code writes them as
/// an <c>OptimizerKind</c> member and as number literals, so each must be one that exists and one that parses.
/// </summary>
internal static partial class SystemParser
{
    private static bool DefinedOptimizer(SystemReading reading, AttributeData? attribute, string property, SourceLocation? location)
    {
        int optimizer = Named(attribute, "Optimizer", 0);
        if (Enum.IsDefined(typeof(OptimizerKind), optimizer)) return true;
        // A cast like (OptimizerKind)7 would otherwise become an OptimizerKind member that does not exist in the generated code.
        reading.Report(DiagnosticDescriptors.InvalidMember, ArgumentLocation(attribute, "Optimizer", reading.CancellationToken) ?? location,
            property, reading.System.Name, "has Optimizer = " + optimizer.ToString(CultureInfo.InvariantCulture) + ", which is not an OptimizerKind value");
        return false;
    }

    // NaN or an infinity (double.NaN, 1e400) would be written into the generated code as a literal that does not parse.
    private static bool FiniteOptimizerValues(SystemReading reading, AttributeData? attribute, string property, SourceLocation? location)
    {
        foreach (var name in new[] { "LearningRate", "WeightDecay", "Momentum", "GradientClipNorm" })
        {
            if (NamedValue(attribute, name) is null) continue;
            double value = NamedReal(attribute, name, 0);
            if (!double.IsNaN(value) && !double.IsInfinity(value)) continue;
            reading.Report(DiagnosticDescriptors.InvalidMember, ArgumentLocation(attribute, name, reading.CancellationToken) ?? location,
                property, reading.System.Name, "has " + name + " = " + InvariantNumbers.Real(value) + ", which is not a finite number");
            return false;
        }
        return true;
    }
}
