using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The system's member properties: each must be a partial, get-only property of a valid <c>[Network]</c> type that the
/// generator implements, and its <c>[Member]</c> settings (task, optimizer, device, frozen) must be values the
/// generated code can be written with. The <c>[Discriminator]</c> property passes the same property checks and is
/// read in <c>SystemParser.Discriminator.cs</c>.
/// </summary>
internal static partial class SystemParser
{
    /// <summary>What the system's properties declare.</summary>
    private sealed class DeclaredMembers
    {
        /// <summary>The members read without an error, in declaration order.</summary>
        public List<MemberModel> Models { get; } = new();

        /// <summary>
        /// Members reported as broken (here, by the compiler or by their own network). They still count as declared,
        /// and terms naming them stay silent, so that one typo does not add "fewer than two members" or "unknown
        /// member" on top of the real error.
        /// </summary>
        public HashSet<string> Broken { get; } = new();

        /// <summary>Where each member's task is written (or the member, when it is not): where a rule about its task loss points.</summary>
        public Dictionary<string, SourceLocation?> TaskLocations { get; } = new();

        /// <summary>The discriminator the user declared, or null.</summary>
        public DiscriminatorModel? Discriminator { get; set; }

        public SourceLocation? DiscriminatorLocation { get; set; }

        public int Declared => Models.Count + Broken.Count;
    }

    private static DeclaredMembers ReadMembers(SystemReading reading, Compilation compilation)
    {
        var members = new DeclaredMembers();
        var seen = new HashSet<string>();
        foreach (var property in reading.System.GetMembers().OfType<IPropertySymbol>())
        {
            reading.CancellationToken.ThrowIfCancellationRequested();
            bool isDiscriminator = Attribute(property, DiscriminatorAttributeName) is not null;
            var memberAttribute = Attribute(property, MemberAttributeName);
            var type = property.Type as INamedTypeSymbol;
            bool isNetwork = type is not null && type.GetAttributes().Any(a => MetadataName.Is(a, NetworkGenerator.NetworkAttributeName));
            if (!isDiscriminator && memberAttribute is null && !isNetwork) continue;

            var location = SourceLocation.From(property.Locations.FirstOrDefault());
            if (!seen.Add(property.Name))
            {
                // The compiler already reports the second declaration (CS0102); generating both would add more errors.
                members.Broken.Add(property.Name);
                reading.Valid = false;
                continue;
            }
            var network = isNetwork ? type : null;
            var shapes = MemberNetworkShapes(reading, property, network, location, compilation);
            if (network is null || shapes is null)
            {
                if (!isDiscriminator) members.Broken.Add(property.Name);
                reading.Valid = false;
                continue;
            }

            if (isDiscriminator) ReadDiscriminator(reading, members, property, network, shapes, location);
            else ReadMember(reading, members, property, memberAttribute, network, shapes, location);
        }
        return members;
    }

    /// <summary>
    /// The shapes of the network a member or discriminator property holds, once the property is one the generator can
    /// implement; null when it is not (reported here, or by the compiler for an unresolved type) or its network is
    /// invalid (reported where the network is declared). <paramref name="network"/> is the property's type when that
    /// is a <c>[Network]</c> class, else null.
    /// </summary>
    private static NetworkShapes? MemberNetworkShapes(SystemReading reading, IPropertySymbol property, INamedTypeSymbol? network, SourceLocation? location, Compilation compilation)
    {
        // The compiler already reports the unresolved type (CS0246).
        if (property.Type.TypeKind == TypeKind.Error) return null;
        if (network is null)
        {
            var typeSyntax = (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(reading.CancellationToken) as PropertyDeclarationSyntax)?.Type;
            reading.Report(DiagnosticDescriptors.InvalidMember, SourceLocation.From(typeSyntax) ?? location, property.Name, reading.System.Name,
                "has type '" + property.Type.ToDisplayString() + "', which is not a [Network] class");
            return null;
        }
        if (!property.IsPartialDefinition || property.IsStatic || property.SetMethod is not null || property.GetMethod is null)
        {
            reading.Report(DiagnosticDescriptors.InvalidMember, location, property.Name, reading.System.Name,
                "must be a partial, get-only instance property ('public partial " + network.Name + " " + property.Name + " { get; }')");
            return null;
        }
        if (property.PartialImplementationPart is { } implementation && !GeneratedTrees.IsOurs(implementation.Locations.FirstOrDefault()?.SourceTree))
        {
            reading.Report(DiagnosticDescriptors.InvalidMember, SourceLocation.From(implementation.Locations.FirstOrDefault()) ?? location,
                property.Name, reading.System.Name, "already has an implementing declaration; the generator writes it, so declare only 'public partial " + network.Name + " " + property.Name + " { get; }'");
            return null;
        }
        return NetworkParser.ReadShapes(network, compilation, reading.CancellationToken);
    }

    /// <summary>A <c>[Member]</c> property (or an unattributed property of a network type): its task and training settings.</summary>
    private static void ReadMember(SystemReading reading, DeclaredMembers members, IPropertySymbol property, AttributeData? attribute, INamedTypeSymbol type, NetworkShapes shapes, SourceLocation? location)
    {
        var task = (TaskLoss)Named(attribute, "Task", 0);
        if (!Enum.IsDefined(typeof(TaskLoss), task))
        {
            reading.Report(DiagnosticDescriptors.InvalidMember, ArgumentLocation(attribute, "Task", reading.CancellationToken) ?? location,
                property.Name, reading.System.Name, "has Task = " + ((int)task).ToString(CultureInfo.InvariantCulture) + ", which is not a TaskLoss value");
            members.Broken.Add(property.Name);
            reading.Valid = false;
            return;
        }
        if (!DefinedOptimizer(reading, attribute, property.Name, location) || !FiniteOptimizerValues(reading, attribute, property.Name, location))
        {
            members.Broken.Add(property.Name);
            reading.Valid = false;
            return;
        }
        string? device = NamedValue(attribute, "Device") as string;
        if (device is not null && !DeviceName.IsMatch(device))
        {
            reading.Report(DiagnosticDescriptors.InvalidMember, ArgumentLocation(attribute, "Device", reading.CancellationToken) ?? location,
                property.Name, reading.System.Name, "has Device = \"" + device + "\", which is not a device name (\"cpu\", \"cuda\", \"cuda:1\")");
            members.Broken.Add(property.Name);
            reading.Valid = false;
            return;
        }
        bool frozen = NamedBool(attribute, "Frozen");
        members.TaskLocations[property.Name] = ArgumentLocation(attribute, "Task", reading.CancellationToken) ?? location;
        if (frozen && task != TaskLoss.None)
            reading.Report(DiagnosticDescriptors.FrozenWithTask, members.TaskLocations[property.Name], property.Name, task.ToString());
        var optimizer = (OptimizerKind)Named(attribute, "Optimizer", 0);
        members.Models.Add(new MemberModel(
            property.Name,
            WrittenAccessibility(property, reading),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            frozen ? TaskLoss.None : task,
            optimizer,
            NamedReal(attribute, "LearningRate", 1e-3),
            // Not written is the optimizer's PyTorch default (AdamW 0.01); a written 0 is 0.
            NamedReal(attribute, "WeightDecay", OptimizerDefaults.WeightDecay(optimizer)),
            NamedReal(attribute, "Momentum", 0),
            NamedReal(attribute, "GradientClipNorm", 0),
            frozen,
            shapes,
            device));
    }

    private static readonly System.Text.RegularExpressions.Regex DeviceName =
        new("^(cpu|cuda|mps|xpu)(:[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    // The two declarations of a partial property must spell the same accessibility (CS8799): the implementation repeats
    // the modifiers the user wrote, and none where the user wrote none (a modifier written twice is the compiler's
    // CS1004 on the user's declaration; it is written once here).
    private static string WrittenAccessibility(IPropertySymbol property, SystemReading reading)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
            if (reference.GetSyntax(reading.CancellationToken) is PropertyDeclarationSyntax syntax)
                return string.Join(" ", syntax.Modifiers
                    .Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.InternalKeyword))
                    .Select(m => m.Text)
                    .Distinct());
        return Accessibility(property.DeclaredAccessibility);
    }
}
