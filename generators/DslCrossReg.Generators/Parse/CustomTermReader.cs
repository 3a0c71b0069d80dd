using DslCrossReg.Shapes;
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
/// Reads a system's <c>[CrossTerm]</c> methods, the cross terms a user writes: a static method returning a
/// <c>Tensor</c> whose parameters are named after members and typed with their <c>Output</c> records. Each mistake is
/// reported at the method, parameter or attribute argument that makes it.
/// </summary>
internal static class CustomTermReader
{
    internal const string CrossTermAttributeName = "DslCrossReg.CrossTermAttribute";
    private const string TensorType = "global::TorchSharp.torch.Tensor";

    // Members of the generated system other than methods: a method of one of these names would clash with them
    // (a method may overload the generated methods, whose parameters it cannot share).
    private static readonly HashSet<string> GeneratedNames = new(StringComparer.Ordinal)
    {
        "Batch", "Outputs", "LossGraph", "DeclarationHash", "CrossTermTasks", "Device", "StepCount", "CheckInputsFinite",
        "OnNonFinite", "OverRegularized", "SystemPlaceholderError",
    };

    /// <summary>Whether <paramref name="type"/> is read as a system, so its <c>[CrossTerm]</c> methods are its terms.</summary>
    public static bool IsSystem(INamedTypeSymbol type)
        => type.GetAttributes().Any(a => MetadataName.Is(a, SystemGenerator.CrossLossAttributeName) || MetadataName.Is(a, SystemGenerator.OutputNormAttributeName)
                                       || MetadataName.Is(a, SystemGenerator.TrainingSystemAttributeName));

    /// <summary>The <c>[CrossTerm]</c> attribute of <paramref name="method"/>, or null.</summary>
    public static AttributeData? Attribute(IMethodSymbol method)
        => method.GetAttributes().FirstOrDefault(a => MetadataName.Is(a, CrossTermAttributeName));

    /// <summary>Whether any method of <paramref name="system"/> is marked <c>[CrossTerm]</c>.</summary>
    public static bool Declares(INamedTypeSymbol system)
        => system.GetMembers().OfType<IMethodSymbol>().Any(m => Attribute(m) is not null);

    /// <summary>
    /// The system's custom terms, in declaration order; <paramref name="valid"/> becomes false when one of them has an
    /// error (reported, or the compiler's own: an unresolved type).
    /// </summary>
    public static List<CustomTermModel> Read(
        INamedTypeSymbol system,
        IReadOnlyList<MemberModel> members,
        ICollection<string> brokenMembers,
        IReadOnlyCollection<string> takenNames,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken,
        ref bool valid)
    {
        var terms = new List<CustomTermModel>();
        var names = new HashSet<string>(takenNames, StringComparer.Ordinal);
        foreach (var method in system.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attribute = Attribute(method);
            if (attribute is null) continue;
            var term = ReadOne(system, method, attribute, members, brokenMembers, names, diagnostics, cancellationToken);
            if (term is null)
            {
                valid = false;
                continue;
            }
            names.Add(term.Name);
            terms.Add(term);
        }
        return terms;
    }

    private static CustomTermModel? ReadOne(
        INamedTypeSymbol system,
        IMethodSymbol method,
        AttributeData attribute,
        IReadOnlyList<MemberModel> members,
        ICollection<string> brokenMembers,
        HashSet<string> takenNames,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        var identifier = SourceLocation.From(method.Locations.FirstOrDefault());
        var attributeLocation = SourceLocation.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? identifier;
        string label = method.Name;
        void Signature(string reason, SourceLocation? at = null)
            => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrossTermMethod, at ?? identifier, label, reason));

        // Half-typed code binds to symbols without a usable name; the compiler reports it.
        if (!SyntaxFacts.IsValidIdentifier(method.Name)) return null;
        if (method.MethodKind != MethodKind.Ordinary)
        {
            Signature("only an ordinary static method can be a cross term", attributeLocation);
            return null;
        }
        if (!method.IsStatic)
        {
            Signature("it must be static: the generated step passes it the members' outputs");
            return null;
        }
        if (method.IsGenericMethod)
        {
            Signature("it must not be generic: the generated step calls it with the members' Output types");
            return null;
        }
        // An unresolved return type is the compiler's error (CS0246).
        if (method.ReturnType.TypeKind == TypeKind.Error) return null;
        string returnType = method.ReturnType.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (returnType != TensorType || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            var returnSyntax = (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as MethodDeclarationSyntax)?.ReturnType;
            Signature("it must return TorchSharp.torch.Tensor (a scalar loss), not '" + method.ReturnType.ToDisplayString() + "'"
                + (method.ReturnsByRef || method.ReturnsByRefReadonly ? " by reference" : string.Empty), SourceLocation.From(returnSyntax));
            return null;
        }
        if (GeneratedNames.Contains(method.Name))
        {
            Signature("the generated system has a member named '" + method.Name + "'; rename the method");
            return null;
        }
        if (method.Parameters.Length == 0)
        {
            Signature("it takes no parameter; each parameter reads one member's output (e.g. 'LeftView.Output left')");
            return null;
        }

        bool ok = true;
        var arguments = new List<MemberModel>();
        foreach (var parameter in method.Parameters)
        {
            var at = SourceLocation.From(parameter.Locations.FirstOrDefault()) ?? identifier;
            if (!SyntaxFacts.IsValidIdentifier(parameter.Name))
            {
                ok = false;
                continue;
            }
            if (parameter.RefKind != RefKind.None)
            {
                Signature("parameter '" + parameter.Name + "' is passed by reference; the members' outputs are passed by value", at);
                ok = false;
                continue;
            }
            var member = members.FirstOrDefault(m => m.Name == parameter.Name)
                         ?? members.FirstOrDefault(m => string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (member is null)
            {
                // A member the compiler or its own network reports as broken: no second error on top.
                if (brokenMembers.Any(b => string.Equals(b, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    ok = false;
                    continue;
                }
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossTermParameterNotMember, at, label, parameter.Name,
                    "names no member of system '" + system.Name + "' (members: " + string.Join(", ", members.Select(m => m.Name))
                    + "); name each parameter after the member whose output it reads"));
                ok = false;
                continue;
            }
            var output = Output(parameter.Type);
            if (output is null)
            {
                // An unresolved type is the compiler's error (CS0246, CS0426), unless it is plainly the Output of
                // another network (as the generators see it before the network's Output record exists).
                if (parameter.Type.TypeKind != TypeKind.Error)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossTermParameterNotMember, at, label, parameter.Name,
                        "has type '" + parameter.Type.ToDisplayString() + "', but it reads member '" + member.Name + "', whose output is '" + Short(member.TypeName) + ".Output'"));
                ok = false;
                continue;
            }
            if (output != member.TypeName)
            {
                if (parameter.Type.TypeKind != TypeKind.Error)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossTermParameterNotMember, at, label, parameter.Name,
                        "has type '" + parameter.Type.ToDisplayString() + "', but it reads member '" + member.Name + "', whose output is '" + Short(member.TypeName) + ".Output'"));
                ok = false;
                continue;
            }
            if (arguments.Contains(member))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossTermParameterNotMember, at, label, parameter.Name,
                    "reads member '" + member.Name + "', which another parameter already reads"));
                ok = false;
                continue;
            }
            arguments.Add(member);
        }

        double weight = SystemParser.NamedValue(attribute, "Weight") is null ? 1.0 : SystemParser.NamedReal(attribute, "Weight", 1.0);
        var weightLocation = SystemParser.ArgumentLocation(attribute, "Weight", cancellationToken) ?? attributeLocation;
        if (!(weight > 0) || double.IsInfinity(weight))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrossTermSetting, weightLocation, label, "Weight", "positive and finite", InvariantNumbers.Real(weight)));
            ok = false;
        }
        else if (weight > 10)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LargeWeight, weightLocation, "[CrossTerm] " + label, InvariantNumbers.Real(weight)));
        }
        int warmup = SystemParser.Named(attribute, "WarmupSteps", 0);
        if (warmup < 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrossTermSetting, SystemParser.ArgumentLocation(attribute, "WarmupSteps", cancellationToken) ?? attributeLocation,
                label, "WarmupSteps", "0 or more", warmup.ToString(CultureInfo.InvariantCulture)));
            ok = false;
        }
        if (!ok) return null;

        string? detach = SystemParser.NamedValue(attribute, "Detach") as string;
        MemberModel? detached = null;
        if (detach is not null)
        {
            var detachLocation = SystemParser.ArgumentLocation(attribute, "Detach", cancellationToken) ?? attributeLocation;
            detached = members.FirstOrDefault(m => m.Name == detach)
                       ?? members.FirstOrDefault(m => string.Equals(m.Name, detach, StringComparison.OrdinalIgnoreCase));
            string? problem = detached is null
                ? "names no member of system '" + system.Name + "' (members: " + string.Join(", ", members.Select(m => m.Name)) + ")"
                : !arguments.Contains(detached)
                    ? "names member '" + detached.Name + "', which the method does not read (it reads " + string.Join(", ", arguments.Select(m => m.Name)) + ")"
                    : arguments.Count == 1
                        ? "detaches the only member the term reads, so the term would train nothing"
                        : null;
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrossTermDetach, detachLocation, label, detach, problem));
                return null;
            }
        }

        string name = method.Name + "(" + string.Join(",", arguments.Select(m => m.Name)) + ")";
        if (takenNames.Contains(name))
        {
            Signature("the system already has a term named '" + name + "'; rename the method");
            return null;
        }
        string methodName = SyntaxFacts.GetKeywordKind(method.Name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(method.Name) != SyntaxKind.None
            ? "@" + method.Name
            : method.Name;
        return new CustomTermModel(name, methodName, weight, warmup,
            arguments.Select(m => new CustomTermArgument(m.Name, m == detached)).ToEquatableArray());
    }

    /// <summary>
    /// The fully qualified network whose nested <c>Output</c> record <paramref name="type"/> is, or null. Before the
    /// network generator's output exists (the generators' own pass) the record is an error type that still knows the
    /// network it was looked up in.
    /// </summary>
    private static string? Output(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Output", Arity: 0, ContainingSymbol: INamedTypeSymbol network }
            ? network.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : null;

    private static string Short(string typeName) => typeName.Substring(typeName.LastIndexOf('.') + 1);
}
