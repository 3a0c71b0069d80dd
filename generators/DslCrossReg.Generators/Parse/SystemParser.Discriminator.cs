using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The discriminator of the Adversarial terms: the <c>[Discriminator]</c> property a user declares (its optimizer, and
/// a network that returns one logit per sample), and the one discriminator every Adversarial term of the system shares
/// — the user's, or a default one as wide as the compared taps.
/// </summary>
internal static partial class SystemParser
{
    /// <summary>A <c>[Discriminator]</c> property that passed the member property checks.</summary>
    private static void ReadDiscriminator(SystemReading reading, DeclaredMembers members, IPropertySymbol property, INamedTypeSymbol type, NetworkShapes shapes, SourceLocation? location)
    {
        var attribute = Attribute(property, DiscriminatorAttributeName)!;
        members.DiscriminatorLocation = location;
        if (!DefinedOptimizer(reading, attribute, property.Name, location) || !FiniteOptimizerValues(reading, attribute, property.Name, location))
        {
            reading.Valid = false;
            return;
        }
        members.Discriminator = new DiscriminatorModel(property.Name, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), WrittenAccessibility(property, reading),
            shapes.Input.Count == 1 ? shapes.Input[0] : -1,
            (OptimizerKind)Named(attribute, "Optimizer", 0),
            NamedReal(attribute, "LearningRate", 1e-3));
        if (shapes.Output.Count != 1 || shapes.Output[0] != 1)
        {
            reading.Report(DiagnosticDescriptors.InvalidMember, location, property.Name, reading.System.Name,
                "is the discriminator, so its network must return one logit per sample ([*, 1]); it returns [*, " + string.Join(", ", shapes.Output) + "]");
            reading.Valid = false;
        }
    }

    /// <summary>
    /// The discriminator the Adversarial terms share, or null when there is none; reports taps of different widths, a
    /// user discriminator of another width, and a user discriminator no Adversarial term uses.
    /// </summary>
    private static DiscriminatorModel? SharedDiscriminator(SystemReading reading, DeclaredMembers members, IReadOnlyList<TermModel> terms, ImmutableArray<AttributeData> attributesHere)
    {
        var system = reading.System;
        var declared = members.Discriminator;
        var adversarial = terms.Where(t => t.Method == CrossMethod.Adversarial).ToList();
        if (adversarial.Count > 0)
        {
            var widths = adversarial.Select(t => TermReader.TapWidth(members.Models, t)).Distinct().ToList();
            if (widths.Count > 1)
            {
                reading.Report(DiagnosticDescriptors.IncompatibleWidths, reading.Identifier, system.Name,
                    "the Adversarial terms share one discriminator but compare taps of widths " + string.Join(" and ", widths));
                reading.Valid = false;
            }
            else if (declared is not null && declared.Width != widths[0])
            {
                reading.Report(DiagnosticDescriptors.IncompatibleWidths, members.DiscriminatorLocation ?? reading.Identifier, system.Name,
                    "the discriminator '" + declared.PropertyName + "' takes inputs of width " + declared.Width
                    + " but the Adversarial taps have width " + widths[0]);
                reading.Valid = false;
            }
            return declared ?? new DiscriminatorModel(null, null, "private", widths[0], OptimizerKind.Adam, 1e-3);
        }
        if (declared is not null && !attributesHere.Any(IsAdversarial))
        {
            reading.Report(DiagnosticDescriptors.UnusedDiscriminator, members.DiscriminatorLocation ?? reading.Identifier,
                declared.PropertyName ?? "Discriminator", system.Name);
            reading.Valid = false;
        }
        return null;
    }

    // Read from the attribute as written, valid or not: a term with other errors still shows the discriminator is used.
    private static bool IsAdversarial(AttributeData attribute)
        => MetadataName.Is(attribute, SystemGenerator.CrossLossAttributeName)
           && attribute.ConstructorArguments.Length > 0
           && attribute.ConstructorArguments[0].Value is int method
           && method == (int)CrossMethod.Adversarial;
}
