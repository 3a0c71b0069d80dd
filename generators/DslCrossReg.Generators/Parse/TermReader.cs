using DslCrossReg.Shapes;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Reads one <c>[CrossLoss]</c> attribute into its terms (one per pair of members), resolving names, taps and every
/// default, and reporting each mistake at the attribute argument that makes it.
/// </summary>
internal static class TermReader
{
    private static readonly Dictionary<CrossMethod, CrossForm[]> Forms = new()
    {
        [CrossMethod.EmbeddingDistance] = new[] { CrossForm.Euclidean, CrossForm.Cosine },
        [CrossMethod.Adversarial] = new CrossForm[0],
        [CrossMethod.Distillation] = new[] { CrossForm.L2, CrossForm.Kl },
        [CrossMethod.ParameterDistance] = new[] { CrossForm.InverseL1, CrossForm.ExpSimilarity, CrossForm.CosineSimilarity },
        [CrossMethod.OutputDisagreement] = new[] { CrossForm.InverseCrossEntropy, CrossForm.NegativeCrossEntropy },
        [CrossMethod.Contrastive] = new[] { CrossForm.InfoNce, CrossForm.Basic, CrossForm.Margin, CrossForm.Weighted },
    };

    public static IEnumerable<TermModel> Read(
        AttributeData attribute,
        string system,
        IReadOnlyList<MemberModel> members,
        ICollection<string> brokenMembers,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        // A missing argument has nothing to point at: the attribute's name is squiggled, as the compiler does for a
        // missing required argument; anything written is squiggled at its value.
        SourceLocation? At(string? argument)
        {
            var arguments = syntax?.ArgumentList?.Arguments;
            var found = argument is null ? null : arguments?.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == argument
                                                                                 || a.NameColon?.Name.Identifier.ValueText == argument);
            var positional = argument is "weight" or "method"
                ? arguments?.Where(a => a.NameEquals is null && a.NameColon is null).ElementAtOrDefault(argument == "weight" ? 1 : 0)
                : null;
            SyntaxNode? node = (found ?? positional)?.Expression;
            return SourceLocation.From(node ?? (SyntaxNode?)syntax?.Name ?? syntax);
        }
        void Report(DiagnosticDescriptor descriptor, string? argument, params string[] args)
            => diagnostics.Add(DiagnosticInfo.Create(descriptor, At(argument), args));
        // A wrong name inside Between = new[] { ... } is squiggled alone, not the whole array.
        SourceLocation? BetweenElement(string name, int occurrence = 0)
        {
            var value = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Between")?.Expression;
            var element = value?.DescendantNodes().OfType<LiteralExpressionSyntax>().Where(l => (l.Token.Value as string) == name).Skip(occurrence).FirstOrDefault();
            return SourceLocation.From(element) ?? At("Between");
        }

        if (attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not int methodValue
            || attribute.ConstructorArguments[1].Value is not double weight)
            yield break;
        var method = (CrossMethod)methodValue;
        string label = "[CrossLoss(" + method + ")]";
        if (!Forms.ContainsKey(method))
        {
            Report(DiagnosticDescriptors.InvalidTermParameter, "method", label, "the method", "one of " + string.Join(", ", Forms.Keys),
                methodValue.ToString(CultureInfo.InvariantCulture));
            yield break;
        }

        if (double.IsNaN(weight) || double.IsInfinity(weight) || weight < 0)
        {
            Report(DiagnosticDescriptors.InvalidWeight, "weight", label, InvariantNumbers.Real(weight));
            yield break;
        }
        if (weight > 10) Report(DiagnosticDescriptors.LargeWeight, "weight", label, InvariantNumbers.Real(weight));

        var form = (CrossForm)SystemParser.Named(attribute, "Form", 0);
        string? tap = SystemParser.NamedValue(attribute, "Tap") as string;
        if (form == CrossForm.Default)
            form = method switch
            {
                CrossMethod.EmbeddingDistance => CrossForm.Euclidean,
                CrossMethod.Distillation => tap is null ? CrossForm.Kl : CrossForm.L2,
                CrossMethod.ParameterDistance => CrossForm.InverseL1,
                CrossMethod.OutputDisagreement => CrossForm.InverseCrossEntropy,
                CrossMethod.Contrastive => CrossForm.InfoNce,
                _ => CrossForm.Default,
            };
        else if (!Forms[method].Contains(form))
        {
            Report(DiagnosticDescriptors.FormNotForMethod, "Form", label, form.ToString(), method.ToString(),
                Forms[method].Length == 0 ? "none" : string.Join(", ", Forms[method]));
            yield break;
        }

        bool needsTap = method is CrossMethod.EmbeddingDistance or CrossMethod.Adversarial or CrossMethod.Contrastive
                        || (method == CrossMethod.Distillation && form == CrossForm.L2);
        if (needsTap && tap is null)
        {
            Report(DiagnosticDescriptors.MissingTermArgument, null, label, method + (method == CrossMethod.Distillation ? " (L2 form)" : string.Empty)
                + " compares taps: name one with Tap = \"...\"");
            yield break;
        }

        double temperature = Parameter(attribute, "Temperature", method == CrossMethod.Distillation ? 2.0 : 0.1);
        double margin = Parameter(attribute, "Margin", form == CrossForm.Margin ? 0.2 : 0.1);
        double positive = Parameter(attribute, "PositiveWeight", 0.3);
        double negative = Parameter(attribute, "NegativeWeight", 0.7);
        double epsilon = Parameter(attribute, "Epsilon", form is CrossForm.InverseL1 or CrossForm.InverseCrossEntropy ? 1e-6 : 1e-8);
        double scale = Parameter(attribute, "Scale", form == CrossForm.NegativeCrossEntropy ? 10.0 : 0.01);
        int warmup = SystemParser.Named(attribute, "WarmupSteps", 0);

        bool ok = true;
        void Positive(string name, double value, bool applies)
        {
            if (applies && !(value > 0 && !double.IsInfinity(value)))
            {
                Report(DiagnosticDescriptors.InvalidTermParameter, name, label, name, "positive and finite", InvariantNumbers.Real(value));
                ok = false;
            }
        }
        Positive("Temperature", temperature, form is CrossForm.Kl or CrossForm.InfoNce || SystemParser.NamedValue(attribute, "Temperature") is not null);
        Positive("Epsilon", epsilon, true);
        Positive("Scale", scale, true);
        if (margin < 0 || double.IsNaN(margin))
        {
            Report(DiagnosticDescriptors.NegativeMargin, "Margin", label, InvariantNumbers.Real(margin));
            ok = false;
        }
        else if (double.IsInfinity(margin))
        {
            // An infinite margin would be written into the generated code as a literal that does not parse.
            Report(DiagnosticDescriptors.InvalidTermParameter, "Margin", label, "Margin", "finite and not negative", InvariantNumbers.Real(margin));
            ok = false;
        }
        foreach (var (name, value) in new[] { ("PositiveWeight", positive), ("NegativeWeight", negative) })
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                Report(DiagnosticDescriptors.InvalidTermParameter, name, label, name, "finite and not negative", InvariantNumbers.Real(value));
                ok = false;
            }
        }
        if (warmup < 0)
        {
            Report(DiagnosticDescriptors.InvalidTermParameter, "WarmupSteps", label, "WarmupSteps", "0 or more", warmup.ToString(CultureInfo.InvariantCulture));
            ok = false;
        }
        if (!ok) yield break;

        var names = members.Select(m => m.Name).ToList();
        string known = string.Join(", ", names);
        MemberModel? Member(string argument, string? name)
        {
            if (name is null || brokenMembers.Contains(name)) return null;
            var member = members.FirstOrDefault(m => m.Name == name);
            if (member is null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownMember,
                    argument == "Between" ? BetweenElement(name) : At(argument), label + " " + argument, name, system, known));
            return member;
        }

        var pairs = new List<(MemberModel First, MemberModel Second, string FirstArgument, string SecondArgument)>();
        if (method == CrossMethod.Distillation)
        {
            string? teacherName = SystemParser.NamedValue(attribute, "Teacher") as string;
            string? studentName = SystemParser.NamedValue(attribute, "Student") as string;
            if (teacherName is null || studentName is null)
            {
                Report(DiagnosticDescriptors.MissingTermArgument, null, label, "name the members with Teacher = \"...\" and Student = \"...\"");
                yield break;
            }
            var teacher = Member("Teacher", teacherName);
            var student = Member("Student", studentName);
            if (teacher is null || student is null) yield break;
            if (teacher.Name == student.Name)
            {
                Report(DiagnosticDescriptors.TeacherIsStudent, "Student", label, student.Name);
                yield break;
            }
            pairs.Add((teacher, student, "Teacher", "Student"));
        }
        else
        {
            var between = new List<MemberModel>();
            var listed = BetweenNames(attribute);
            if (listed is not null)
            {
                foreach (var name in listed)
                {
                    var member = Member("Between", name);
                    if (member is null) yield break;
                    if (between.Contains(member))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberListedTwice, BetweenElement(name, occurrence: 1), label, name));
                        yield break;
                    }
                    between.Add(member);
                }
            }

            if (method is CrossMethod.ParameterDistance or CrossMethod.OutputDisagreement)
            {
                string? referenceName = SystemParser.NamedValue(attribute, "Reference") as string;
                if (referenceName is null)
                {
                    Report(DiagnosticDescriptors.MissingTermArgument, null, label, "name the member the others are pushed away from with Reference = \"...\"");
                    yield break;
                }
                var reference = Member("Reference", referenceName);
                if (reference is null) yield break;
                var others = (listed is null ? members : between).Where(m => m.Name != reference.Name).ToList();
                foreach (var other in others) pairs.Add((reference, other, "Reference", "Between"));
            }
            else
            {
                var set = listed is null ? members.ToList() : between;
                for (int i = 0; i < set.Count; i++)
                    for (int j = i + 1; j < set.Count; j++)
                        pairs.Add((set[i], set[j], "Between", "Between"));
            }
            if (pairs.Count == 0 && brokenMembers.Count == 0)
            {
                Report(DiagnosticDescriptors.MissingTermArgument, "Between", label, "the term applies to no pair of members");
                yield break;
            }
        }

        // With three or more members a member without the tap is in several pairs; it is reported once.
        var reportedWithoutTap = new HashSet<string>();
        foreach (var (first, second, firstArgument, secondArgument) in pairs)
        {
            string? tapProperty = null;
            if (needsTap)
            {
                var firstTap = first.Shapes.Taps.FirstOrDefault(t => t.Name == tap);
                var secondTap = second.Shapes.Taps.FirstOrDefault(t => t.Name == tap);
                bool found = true;
                foreach (var (member, shape) in new[] { (first, firstTap), (second, secondTap) })
                {
                    if (shape is null)
                    {
                        found = false;
                        if (!reportedWithoutTap.Add(member.Name)) continue;
                        Report(DiagnosticDescriptors.UnknownTap, "Tap", label, member.Name, OutputRules.Network(member), tap!,
                            member.Shapes.Taps.Count == 0 ? "none" : string.Join(", ", member.Shapes.Taps.Select(t => "'" + t.Name + "'")));
                    }
                }
                if (!found) continue;
                if (!firstTap!.Dims.Equals(secondTap!.Dims))
                {
                    Report(DiagnosticDescriptors.IncompatibleWidths, "Tap", label,
                        "tap '" + tap + "' is [*, " + string.Join(", ", firstTap.Dims) + "] on '" + first.Name + "' but [*, "
                        + string.Join(", ", secondTap.Dims) + "] on '" + second.Name + "'");
                    continue;
                }
                tapProperty = firstTap.PropertyName;
            }
            else if (method is CrossMethod.Distillation or CrossMethod.OutputDisagreement && !first.Shapes.Output.Equals(second.Shapes.Output))
            {
                Report(DiagnosticDescriptors.IncompatibleWidths, secondArgument == "Student" ? "Student" : "Reference", label,
                    "outputs of '" + first.Name + "' [*, " + string.Join(", ", first.Shapes.Output) + "] and '" + second.Name + "' [*, "
                    + string.Join(", ", second.Shapes.Output) + "] differ");
                continue;
            }
            else if (method == CrossMethod.ParameterDistance && first.Shapes.ParameterLayout != second.Shapes.ParameterLayout)
            {
                Report(DiagnosticDescriptors.TopologyMismatch, "Reference", label, first.Name, second.Name, first.Shapes.ParameterLayout, second.Shapes.ParameterLayout);
                continue;
            }
            if (!OutputRules.Term(system, label, method, form, tap, first, second, secondArgument == "Student" ? "Student" : "Reference", Report)) continue;

            yield return new TermModel(
                method + "(" + first.Name + "," + second.Name + ")",
                method,
                form,
                weight,
                first.Name,
                second.Name,
                tapProperty,
                temperature,
                margin,
                positive,
                negative,
                epsilon,
                scale,
                warmup);
        }
    }

    /// <summary>
    /// The name of a term of the same method between the same members as <paramref name="earlier"/> terms (the first
    /// of them keeps the plain <c>Method(First,Second)</c>, so adding a term never renames one): the method qualified by
    /// the term's form when no earlier one has it (<c>Contrastive.Margin(A,B)</c>), else by its form and tap
    /// (<c>EmbeddingDistance.Euclidean@Hidden(A,B)</c>, <c>Adversarial@Hidden(A,B)</c> for a method without forms).
    /// Unique: a method, its members, a form and a tap make a term, and names of other methods or members differ
    /// outside the qualifier.
    /// </summary>
    public static string DistinguishedName(TermModel term, IReadOnlyList<TermModel> earlier)
    {
        string form = term.Form == CrossForm.Default ? string.Empty : "." + term.Form;
        string qualifier = form.Length > 0 && !earlier.Any(t => t.Form == term.Form)
            ? form
            : form + "@" + (term.TapProperty ?? "Result");
        return term.Method + qualifier + "(" + term.DeclaredFirst + "," + term.DeclaredSecond + ")";
    }

    /// <summary>The width of the tap an Adversarial term compares (its discriminator's input width).</summary>
    public static int TapWidth(IReadOnlyList<MemberModel> members, TermModel term)
    {
        var tap = members.First(m => m.Name == term.PeerA).Shapes.Taps.First(t => t.PropertyName == term.TapProperty);
        return tap.Dims.Count == 1 ? tap.Dims[0] : -1;
    }

    private static double Parameter(AttributeData attribute, string name, double fallback)
        => SystemParser.NamedValue(attribute, name) is null ? fallback : SystemParser.NamedReal(attribute, name, fallback);

    private static IReadOnlyList<string>? BetweenNames(AttributeData attribute)
    {
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == "Between" && pair.Value.Kind == TypedConstantKind.Array && !pair.Value.IsNull)
                return pair.Value.Values.Select(v => v.Value as string ?? string.Empty).ToList();
        return null;
    }
}
