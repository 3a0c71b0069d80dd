using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Parses a <c>[CrossLoss]</c> system: its member networks (with the shapes read from their own declarations),
/// their training settings and every cross term with its defaults applied, checking at compile time what the
/// published scenario code gets wrong at run time.
/// </summary>
internal static class SystemParser
{
    internal const string MemberAttributeName = "DslCrossReg.MemberAttribute";
    internal const string DiscriminatorAttributeName = "DslCrossReg.DiscriminatorAttribute";
    internal const string OutputNormAttributeName = "DslCrossReg.OutputNormAttribute";
    internal const string SharedInputAttributeName = "DslCrossReg.SharedInputAttribute";

    /// <summary>
    /// The system's model and diagnostics; reused from an earlier compilation (<see cref="Reuse"/>) when its attribute
    /// arguments are literals or DslCrossReg enum members, its member networks were read from syntax, and nothing it
    /// was read from has changed.
    /// </summary>
    public static Result<SystemModel> Parse(DeclarationContext context, CancellationToken cancellationToken)
        => Reuse.GetOrParse(context.Reader, context.TargetNode, context.SemanticModel.Compilation, () =>
            (GuardedParse.Run<SystemModel>(context, Parse, cancellationToken), ClosedOver(context, cancellationToken)));

    /// <summary>
    /// The files a closed reading of the system depends on — its own parts and its member networks' — or null when the
    /// reading is not closed: an attribute argument that is not a literal or a DslCrossReg enum member (a constant may
    /// be declared in any file), or a member network that was not itself read from syntax alone.
    /// </summary>
    private static IReadOnlyCollection<SyntaxTree>? ClosedOver(DeclarationContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol system) return null;
        // A [CrossTerm] method's parameter types may be declared in any file.
        if (CustomTermReader.Declares(system)) return null;
        var compilation = context.SemanticModel.Compilation;
        var trees = new List<SyntaxTree>();
        foreach (var reference in system.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not ClassDeclarationSyntax part) return null;
            trees.Add(part.SyntaxTree);
            if (!part.AttributeLists.All(ClosedArguments) || !part.Members.All(m => m.AttributeLists.All(ClosedArguments))) return null;
        }
        foreach (var property in system.GetMembers().OfType<IPropertySymbol>())
        {
            // What the generator wrote (the analyzer's compilation holds it: the system's Self) follows from the user's parts.
            if (property.DeclaringSyntaxReferences.All(r => GeneratedTrees.IsOurs(r.SyntaxTree))) continue;
            // An unresolved type is named in the system's own file; a type from metadata changes only with the references.
            if (property.Type is not INamedTypeSymbol { TypeKind: not TypeKind.Error } type || type.DeclaringSyntaxReferences.Length == 0) continue;
            IReadOnlyCollection<SyntaxTree>? networkTrees = null;
            foreach (var reference in type.DeclaringSyntaxReferences)
                if (Reuse.IsClosed(context.Reader, reference.GetSyntax(cancellationToken), compilation, out var read)) networkTrees = read;
            networkTrees ??= NetworkParser.ReadFromSyntaxAlone(type, compilation, cancellationToken);
            if (networkTrees is null) return null;
            trees.AddRange(networkTrees);
        }
        return trees;
    }

    private static bool ClosedArguments(AttributeListSyntax list)
        => list.Attributes.All(a => a.ArgumentList is null || a.ArgumentList.Arguments.All(argument => Closed(argument.Expression)));

    private static readonly HashSet<string> RuntimeEnums = new(StringComparer.Ordinal)
    {
        nameof(CrossMethod), nameof(CrossForm), nameof(TaskLoss), nameof(OptimizerKind), nameof(NormMethod),
    };

    private static bool Closed(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.NumericLiteralExpression) || literal.IsKind(SyntaxKind.StringLiteralExpression)
                                           || literal.IsKind(SyntaxKind.TrueLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression),
        PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax operand } unary
            => (unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression)) && operand.IsKind(SyntaxKind.NumericLiteralExpression),
        ParenthesizedExpressionSyntax parenthesized => Closed(parenthesized.Expression),
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax type, Name: IdentifierNameSyntax } access
            => access.IsKind(SyntaxKind.SimpleMemberAccessExpression) && RuntimeEnums.Contains(type.Identifier.ValueText),
        _ => false,
    };

    private static (SystemModel? Model, ShellModel? Shell) Parse(DeclarationContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol system || context.TargetNode is not ClassDeclarationSyntax declaration
            || !WritableNames.Of(system) || !PrimaryDeclaration.Is(context, cancellationToken))
            return (null, null);
        var compilation = context.SemanticModel.Compilation;
        var identifier = SourceLocation.From(declaration.Identifier.GetLocation());
        bool valid = true;
        // A placeholder can be written wherever a part can be added: a partial class, nested only in partial types.
        bool shellable = true;

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || system.ContainingType is not null || system.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SystemNotPartial, identifier, system.Name));
            valid = false;
            // Nested in partial types or generic, a placeholder can still implement its partial properties.
            shellable = declaration.Modifiers.Any(SyntaxKind.PartialKeyword) && SystemShells.ContainingTypes(system, cancellationToken) is not null;
        }

        // The network generator makes a [Network] class a TorchSharp module; the system's code cannot go on it too.
        if (Attribute(system, NetworkGenerator.NetworkAttributeName) is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkIsSystem, identifier, system.Name));
            return (null, shellable ? SystemShells.For(system, context, diagnostics, cancellationToken) with { PropertiesOnly = true } : null);
        }
        (SystemModel?, ShellModel?) Failed() => (null, shellable ? SystemShells.For(system, context, diagnostics, cancellationToken) : null);

        var members = new List<MemberModel>();
        DiscriminatorModel? userDiscriminator = null;
        SourceLocation? discriminatorLocation = null;
        // Members reported as broken (here, by the compiler or by their own network) still count as declared, and terms
        // naming them stay silent, so that one typo does not add "fewer than two members" or "unknown member" on top
        // of the real error.
        var brokenMembers = new HashSet<string>();
        var seen = new HashSet<string>();
        var taskLocations = new Dictionary<string, SourceLocation?>();
        foreach (var property in system.GetMembers().OfType<IPropertySymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool isDiscriminator = Attribute(property, DiscriminatorAttributeName) is not null;
            var memberAttribute = Attribute(property, MemberAttributeName);
            var type = property.Type as INamedTypeSymbol;
            bool isNetwork = type is not null && type.GetAttributes().Any(a => MetadataName.Is(a, NetworkGenerator.NetworkAttributeName));
            if (!isDiscriminator && memberAttribute is null && !isNetwork) continue;

            var location = SourceLocation.From(property.Locations.FirstOrDefault());
            if (!seen.Add(property.Name))
            {
                // The compiler already reports the second declaration (CS0102); generating both would add more errors.
                brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            if (property.Type.TypeKind == TypeKind.Error)
            {
                // The compiler already reports the unresolved type (CS0246).
                if (!isDiscriminator) brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            if (!isNetwork || type is null)
            {
                var typeSyntax = (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as PropertyDeclarationSyntax)?.Type;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, SourceLocation.From(typeSyntax) ?? location, property.Name, system.Name,
                    "has type '" + property.Type.ToDisplayString() + "', which is not a [Network] class"));
                if (!isDiscriminator) brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            if (!property.IsPartialDefinition || property.IsStatic || property.SetMethod is not null || property.GetMethod is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, location, property.Name, system.Name,
                    "must be a partial, get-only instance property ('public partial " + type.Name + " " + property.Name + " { get; }')"));
                if (!isDiscriminator) brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            if (property.PartialImplementationPart is { } implementation && !GeneratedTrees.IsOurs(implementation.Locations.FirstOrDefault()?.SourceTree))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, SourceLocation.From(implementation.Locations.FirstOrDefault()) ?? location,
                    property.Name, system.Name, "already has an implementing declaration; the generator writes it, so declare only 'public partial " + type.Name + " " + property.Name + " { get; }'"));
                if (!isDiscriminator) brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }

            var shapes = NetworkParser.ReadShapes(type, compilation, cancellationToken);
            if (shapes is null)
            {
                // The network's own declaration reports why it is invalid.
                if (!isDiscriminator) brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            string typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            string accessibility = WrittenAccessibility(property, cancellationToken);

            if (isDiscriminator)
            {
                var d = Attribute(property, DiscriminatorAttributeName)!;
                discriminatorLocation = location;
                if (!DefinedOptimizer(d, diagnostics, property.Name, system.Name, location, cancellationToken)
                    || !FiniteOptimizerValues(d, diagnostics, property.Name, system.Name, location, cancellationToken))
                {
                    valid = false;
                    continue;
                }
                userDiscriminator = new DiscriminatorModel(property.Name, typeName, accessibility,
                    shapes.Input.Count == 1 ? shapes.Input[0] : -1,
                    (OptimizerKind)Named(d, "Optimizer", 0),
                    NamedReal(d, "LearningRate", 1e-3));
                if (shapes.Output.Count != 1 || shapes.Output[0] != 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, location, property.Name, system.Name,
                        "is the discriminator, so its network must return one logit per sample ([*, 1]); it returns [*, " + string.Join(", ", shapes.Output) + "]"));
                    valid = false;
                }
                continue;
            }

            var task = (TaskLoss)Named(memberAttribute, "Task", 0);
            if (!Enum.IsDefined(typeof(TaskLoss), task))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, ArgumentLocation(memberAttribute, "Task", cancellationToken) ?? location,
                    property.Name, system.Name, "has Task = " + ((int)task).ToString(CultureInfo.InvariantCulture) + ", which is not a TaskLoss value"));
                brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            if (!DefinedOptimizer(memberAttribute, diagnostics, property.Name, system.Name, location, cancellationToken)
                || !FiniteOptimizerValues(memberAttribute, diagnostics, property.Name, system.Name, location, cancellationToken))
            {
                brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            string? device = NamedValue(memberAttribute, "Device") as string;
            if (device is not null && !DeviceName.IsMatch(device))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, ArgumentLocation(memberAttribute, "Device", cancellationToken) ?? location,
                    property.Name, system.Name, "has Device = \"" + device + "\", which is not a device name (\"cpu\", \"cuda\", \"cuda:1\")"));
                brokenMembers.Add(property.Name);
                valid = false;
                continue;
            }
            bool frozen = NamedBool(memberAttribute, "Frozen");
            taskLocations[property.Name] = ArgumentLocation(memberAttribute, "Task", cancellationToken) ?? location;
            if (frozen && task != TaskLoss.None)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FrozenWithTask, taskLocations[property.Name], property.Name, task.ToString()));
            var optimizer = (OptimizerKind)Named(memberAttribute, "Optimizer", 0);
            members.Add(new MemberModel(
                property.Name,
                accessibility,
                typeName,
                frozen ? TaskLoss.None : task,
                optimizer,
                NamedReal(memberAttribute, "LearningRate", 1e-3),
                // Not written is the optimizer's PyTorch default (AdamW 0.01); a written 0 is 0.
                NamedReal(memberAttribute, "WeightDecay", OptimizerDefaults.WeightDecay(optimizer)),
                NamedReal(memberAttribute, "Momentum", 0),
                NamedReal(memberAttribute, "GradientClipNorm", 0),
                frozen,
                shapes,
                device));
        }

        // A cross term compares two members; a system without one trains each member on its task loss, and one
        // member is enough for that.
        var crossLosses = system.GetAttributes().Where(a => MetadataName.Is(a, SystemGenerator.CrossLossAttributeName)).ToList();
        int declaredMembers = members.Count + brokenMembers.Count;
        if (crossLosses.Count > 0 && declaredMembers < 2)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooFewMembers, identifier, system.Name, declaredMembers.ToString(CultureInfo.InvariantCulture)));
            return Failed();
        }
        if (declaredMembers == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoMembers, identifier, system.Name));
            return Failed();
        }
        if (crossLosses.Count == 0 && brokenMembers.Count == 0 && !members.Any(m => m.Task != TaskLoss.None))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NothingToTrain, identifier, system.Name,
                members.All(m => m.Frozen) ? "every member is frozen" : "no member has a task loss"));
            return Failed();
        }

        var terms = new List<TermModel>();
        // Every part's attributes: a partial system may declare its terms on more than one part.
        foreach (var attribute in crossLosses)
        {
            foreach (var read in TermReader.Read(attribute, system.Name, members, brokenMembers, diagnostics, cancellationToken))
            {
                var term = read;
                var sameMembers = terms.Where(t => t.Method == term.Method && t.DeclaredFirst == term.DeclaredFirst && t.DeclaredSecond == term.DeclaredSecond).ToList();
                if (sameMembers.FirstOrDefault(t => t.Form == term.Form && t.TapProperty == term.TapProperty) is { } twin)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateTerm,
                        SourceLocation.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)), twin.Name, system.Name,
                        term.Form == CrossForm.Default ? "no form" : "form " + term.Form,
                        term.TapProperty is not null && NamedValue(attribute, "Tap") is string tap ? "tap '" + tap + "'" : "no tap"));
                    valid = false;
                    continue;
                }
                if (sameMembers.Count > 0) term = term with { Name = TermReader.DistinguishedName(term, sameMembers) };
                terms.Add(term);
            }
        }

        var customTerms = CustomTermReader.Read(system, members, brokenMembers, terms.Select(t => t.Name).ToList(), diagnostics, cancellationToken, ref valid);

        DiscriminatorModel? discriminator = null;
        var adversarial = terms.Where(t => t.Method == CrossMethod.Adversarial).ToList();
        if (adversarial.Count > 0)
        {
            var widths = adversarial.Select(t => TermReader.TapWidth(members, t)).Distinct().ToList();
            if (widths.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompatibleWidths, identifier, system.Name,
                    "the Adversarial terms share one discriminator but compare taps of widths " + string.Join(" and ", widths)));
                valid = false;
            }
            else if (userDiscriminator is not null && userDiscriminator.Width != widths[0])
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompatibleWidths, discriminatorLocation ?? identifier, system.Name,
                    "the discriminator '" + userDiscriminator.PropertyName + "' takes inputs of width " + userDiscriminator.Width
                    + " but the Adversarial taps have width " + widths[0]));
                valid = false;
            }
            discriminator = userDiscriminator ?? new DiscriminatorModel(null, null, "private", widths[0], OptimizerKind.Adam, 1e-3);
        }
        else if (userDiscriminator is not null && !context.Attributes.Any(IsAdversarial))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedDiscriminator, discriminatorLocation ?? identifier,
                userDiscriminator.PropertyName ?? "Discriminator", system.Name));
            valid = false;
        }

        var sharedInputAttribute = system.GetAttributes().FirstOrDefault(a => MetadataName.Is(a, SharedInputAttributeName));
        bool sharedInput = sharedInputAttribute is not null;
        if (sharedInput && members.Select(m => (m.Shapes.TokenInput, string.Join(",", m.Shapes.Input))).Distinct().Count() > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompatibleWidths,
                SourceLocation.From(sharedInputAttribute!.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? identifier, system.Name,
                "[SharedInput] needs every member to take the same input shape, got "
                + string.Join(", ", members.Select(m => m.Name + " [*, " + string.Join(", ", m.Shapes.Input) + "]"))));
            valid = false;
        }

        var norm = system.GetAttributes().FirstOrDefault(a => MetadataName.Is(a, OutputNormAttributeName));
        NormMethod? outputNorm = norm is { ConstructorArguments.Length: 1 } && norm.ConstructorArguments[0].Value is int n ? (NormMethod)n : null;
        double normEpsilon = NamedReal(norm, "Epsilon", 1e-8);
        var normSyntax = SourceLocation.From(norm?.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? identifier;
        if (outputNorm is { } normMethod && !Enum.IsDefined(typeof(NormMethod), normMethod))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTermParameter, normSyntax, "[OutputNorm]", "the method",
                "one of " + string.Join(", ", Enum.GetNames(typeof(NormMethod))), ((int)normMethod).ToString(CultureInfo.InvariantCulture)));
            valid = false;
        }
        if (norm is not null && !(normEpsilon > 0 && !double.IsInfinity(normEpsilon)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTermParameter, ArgumentLocation(norm, "Epsilon", cancellationToken) ?? normSyntax,
                "[OutputNorm]", "Epsilon", "positive and finite", Real(normEpsilon)));
            valid = false;
        }

        OutputRules.Members(system.Name, members, taskLocations, outputNorm, normSyntax, brokenMembers.Count > 0, diagnostics);

        if (!valid || diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) return Failed();

        return (new SystemModel(
            NetworkParser.Namespace(system),
            system.Name,
            Accessibility(system.DeclaredAccessibility),
            HintName(system),
            members.ToEquatableArray(),
            discriminator,
            terms.ToEquatableArray(),
            outputNorm,
            normEpsilon,
            sharedInput,
            customTerms.ToEquatableArray()), null);
    }

    internal static string HintName(INamedTypeSymbol system)
        => (NetworkParser.Namespace(system) is { } ns ? ns + "." : string.Empty) + system.Name + ".System.g.cs";

    /// <summary>The value written for the named argument <paramref name="name"/> of <paramref name="attribute"/>, or null when it is not written.</summary>
    internal static SourceLocation? ArgumentLocation(AttributeData? attribute, string name, CancellationToken cancellationToken)
    {
        var syntax = attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return SourceLocation.From(argument?.Expression);
    }

    private static bool DefinedOptimizer(AttributeData? attribute, List<DiagnosticInfo> diagnostics, string property, string system, SourceLocation? location, CancellationToken cancellationToken)
    {
        int optimizer = Named(attribute, "Optimizer", 0);
        if (Enum.IsDefined(typeof(OptimizerKind), optimizer)) return true;
        // A cast like (OptimizerKind)7 would otherwise become an OptimizerKind member that does not exist in the generated code.
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, ArgumentLocation(attribute, "Optimizer", cancellationToken) ?? location,
            property, system, "has Optimizer = " + optimizer.ToString(CultureInfo.InvariantCulture) + ", which is not an OptimizerKind value"));
        return false;
    }

    // NaN or an infinity (double.NaN, 1e400) would be written into the generated code as a literal that does not parse.
    private static bool FiniteOptimizerValues(AttributeData? attribute, List<DiagnosticInfo> diagnostics, string property, string system, SourceLocation? location, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { "LearningRate", "WeightDecay", "Momentum", "GradientClipNorm" })
        {
            if (NamedValue(attribute, name) is null) continue;
            double value = NamedReal(attribute, name, 0);
            if (!double.IsNaN(value) && !double.IsInfinity(value)) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMember, ArgumentLocation(attribute, name, cancellationToken) ?? location,
                property, system, "has " + name + " = " + Real(value) + ", which is not a finite number"));
            return false;
        }
        return true;
    }

    private static readonly System.Text.RegularExpressions.Regex DeviceName =
        new("^(cpu|cuda|mps|xpu)(:[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    internal static AttributeData? Attribute(ISymbol symbol, string name)
        => symbol.GetAttributes().FirstOrDefault(a => MetadataName.Is(a, name));

    internal static int Named(AttributeData? attribute, string name, int fallback)
        => NamedValue(attribute, name) is int value ? value : fallback;

    internal static double NamedReal(AttributeData? attribute, string name, double fallback)
        => NamedValue(attribute, name) switch
        {
            double d => d,
            int i => i,
            float f => f,
            _ => fallback,
        };

    // Read from the attribute as written, valid or not: a term with other errors still shows the discriminator is used.
    private static bool IsAdversarial(AttributeData attribute)
        => MetadataName.Is(attribute, SystemGenerator.CrossLossAttributeName)
           && attribute.ConstructorArguments.Length > 0
           && attribute.ConstructorArguments[0].Value is int method
           && method == (int)CrossMethod.Adversarial;

    internal static bool NamedBool(AttributeData? attribute, string name) => NamedValue(attribute, name) is true;

    internal static object? NamedValue(AttributeData? attribute, string name)
    {
        if (attribute is null) return null;
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == name && pair.Value.Kind != TypedConstantKind.Error && pair.Value.Kind != TypedConstantKind.Array)
                return pair.Value.Value;
        return null;
    }

    internal static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // The two declarations of a partial property must spell the same accessibility (CS8799): the implementation repeats
    // the modifiers the user wrote, and none where the user wrote none (a modifier written twice is the compiler's
    // CS1004 on the user's declaration; it is written once here).
    private static string WrittenAccessibility(IPropertySymbol property, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellationToken) is PropertyDeclarationSyntax syntax)
                return string.Join(" ", syntax.Modifiers
                    .Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.InternalKeyword))
                    .Select(m => m.Text)
                    .Distinct());
        return Accessibility(property.DeclaredAccessibility);
    }

    internal static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        _ => "internal",
    };
}
