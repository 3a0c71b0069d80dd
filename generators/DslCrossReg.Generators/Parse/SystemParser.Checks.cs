using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The checks of a system as a whole rather than of one of its parts: a class the generator can add a part to and
/// that is not also a network, members enough for its terms and something to train, and one input shape for all
/// when it declares <c>[SharedInput]</c>.
/// </summary>
internal static partial class SystemParser
{
    /// <summary>
    /// Reports a system that is not a top-level, non-generic partial class; returns whether a placeholder can still be
    /// written for it (a partial class nested only in partial types, or generic, can still implement its partial properties).
    /// </summary>
    private static bool CheckDeclaration(SystemReading reading, ClassDeclarationSyntax declaration)
    {
        var system = reading.System;
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword) && system.ContainingType is null && !system.IsGenericType) return true;
        reading.Report(DiagnosticDescriptors.SystemNotPartial, reading.Identifier, system.Name);
        reading.Valid = false;
        return declaration.Modifiers.Any(SyntaxKind.PartialKeyword) && SystemShells.ContainingTypes(system, reading.CancellationToken) is not null;
    }

    /// <summary>The network generator makes a <c>[Network]</c> class a TorchSharp module; the system's code cannot go on it too.</summary>
    private static bool IsAlsoANetwork(SystemReading reading)
    {
        if (Attribute(reading.System, NetworkGenerator.NetworkAttributeName) is null) return false;
        reading.Report(DiagnosticDescriptors.NetworkIsSystem, reading.Identifier, reading.System.Name);
        return true;
    }

    /// <summary>
    /// A cross term compares two members; a system without one trains each member on its task loss, and one member is
    /// enough for that. Members reported as broken count as declared. False (reported) when the system cannot train.
    /// </summary>
    private static bool CheckSomethingToTrain(SystemReading reading, DeclaredMembers members, int crossLosses)
    {
        var system = reading.System;
        int declared = members.Declared;
        if (crossLosses > 0 && declared < 2)
        {
            reading.Report(DiagnosticDescriptors.TooFewMembers, reading.Identifier, system.Name, declared.ToString(CultureInfo.InvariantCulture));
            return false;
        }
        if (declared == 0)
        {
            reading.Report(DiagnosticDescriptors.NoMembers, reading.Identifier, system.Name);
            return false;
        }
        if (crossLosses == 0 && members.Broken.Count == 0 && !members.Models.Any(m => m.Task != TaskLoss.None))
        {
            reading.Report(DiagnosticDescriptors.NothingToTrain, reading.Identifier, system.Name,
                members.Models.All(m => m.Frozen) ? "every member is frozen" : "no member has a task loss");
            return false;
        }
        return true;
    }

    /// <summary>Whether the system declares <c>[SharedInput]</c>; reports members that do not all take the same input shape.</summary>
    private static bool CheckSharedInput(SystemReading reading, DeclaredMembers members)
    {
        var attribute = Attribute(reading.System, SharedInputAttributeName);
        if (attribute is null) return false;
        if (members.Models.Select(m => (m.Shapes.TokenInput, string.Join(",", m.Shapes.Input))).Distinct().Count() > 1)
        {
            reading.Report(DiagnosticDescriptors.IncompatibleWidths,
                SourceLocation.From(attribute.ApplicationSyntaxReference?.GetSyntax(reading.CancellationToken)) ?? reading.Identifier, reading.System.Name,
                "[SharedInput] needs every member to take the same input shape, got "
                + string.Join(", ", members.Models.Select(m => m.Name + " [*, " + string.Join(", ", m.Shapes.Input) + "]")));
            reading.Valid = false;
        }
        return true;
    }
}
