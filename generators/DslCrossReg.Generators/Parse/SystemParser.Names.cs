using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The names the generated code derives from the members' names must not meet: a member <c>Left</c> is trained through
/// a field <c>leftOptimizer</c>, so a second member <c>LeftOptimizer</c> (field <c>leftOptimizer</c>) would make two
/// declarations of one name; <c>X</c> has a batch property <c>XTarget</c> and <c>XTarget</c> an input of that name; a
/// member called <c>Step</c> would meet the generated method. The compiler would report those in the generated file
/// (CS0102), where the user cannot fix them; here they are reported on the member, naming both uses.
/// </summary>
internal static partial class SystemParser
{
    /// <summary>One name the generated code declares for a member, where it is declared, and what it is, for the message.</summary>
    private readonly record struct DerivedName(string Scope, string Name, string Member, string Role);

    /// <summary>Reports the first clash of each member's derived names with an earlier member's, or with the generated class's own.</summary>
    private static bool CheckDerivedNames(SystemReading reading, SystemModel model)
    {
        bool clean = true;
        var taken = new Dictionary<(string Scope, string Name), DerivedName>();
        foreach (var fixedName in SystemNames.ClassMembers)
            taken[("class", fixedName)] = new DerivedName("class", fixedName, string.Empty, "a member the generated class declares itself");
        if (model.SharedInput) taken[("Batch", "Input")] = new DerivedName("Batch", "Input", string.Empty, "the shared input of Batch");
        if (model.NeedsPairLabel) taken[("Batch", "PairLabel")] = new DerivedName("Batch", "PairLabel", string.Empty, "the pair labels of Batch");

        foreach (var member in model.Members)
        {
            foreach (var name in DerivedNames(model, member))
            {
                if (!taken.TryGetValue((name.Scope, name.Name), out var earlier))
                {
                    taken[(name.Scope, name.Name)] = name;
                    continue;
                }
                string other = earlier.Member.Length == 0
                    ? earlier.Role
                    : earlier.Member == member.Name ? "its own " + earlier.Role : "member '" + earlier.Member + "''s " + earlier.Role;
                reading.Report(DiagnosticDescriptors.InvalidMember, MemberLocation(reading, member.Name), member.Name, reading.System.Name,
                    "would give the generated code two declarations of '" + name.Name + "': its " + name.Role + " and " + other
                    + "; rename " + (earlier.Member.Length == 0 || earlier.Member == member.Name ? "the member" : "one of the two members"));
                clean = false;
                break;
            }
        }
        return clean;
    }

    /// <summary>Every name the generated code declares for <paramref name="member"/>, in the scope it is declared in.</summary>
    private static IEnumerable<DerivedName> DerivedNames(SystemModel model, MemberModel member)
    {
        string n = member.Name, field = SystemNames.MemberField(n).TrimStart('@');
        // The class: the member's property, its field, and the fields of its optimizer, buffer and device. A method's
        // locals are named in the same space: a local called like another member's field hides that field.
        yield return new DerivedName("class", n, n, "property");
        yield return new DerivedName("class", field, n, "field");
        if (!member.Frozen)
        {
            yield return new DerivedName("class", SystemNames.OptimizerField(n).TrimStart('@'), n, "optimizer field");
            yield return new DerivedName("class", SystemNames.ParameterBufferField(n).TrimStart('@'), n, "parameter buffer field");
        }
        if (member.Device is not null) yield return new DerivedName("class", SystemNames.DeviceField(member), n, "device field");
        yield return new DerivedName("class", SystemNames.OutputLocal(n), n, "output variable");
        if (member.Task != TaskLoss.None)
        {
            yield return new DerivedName("class", SystemNames.ResultLocal(n), n, "result variable");
            yield return new DerivedName("class", SystemNames.TaskLossLocal(n), n, "task loss variable");
        }
        // The records the system declares.
        if (!model.SharedInput) yield return new DerivedName("Batch", n, n, "input in Batch");
        if (member.Task != TaskLoss.None) yield return new DerivedName("Batch", n + "Target", n, "target in Batch");
        yield return new DerivedName("Outputs", n, n, "output in Outputs");
        if (model.OutputNorm is not null) yield return new DerivedName("Outputs", SystemNames.NormalizedProperty(n), n, "normalised output in Outputs");
    }

    private static SourceLocation? MemberLocation(SystemReading reading, string member)
        => SourceLocation.From(reading.System.GetMembers(member).OfType<IPropertySymbol>().FirstOrDefault()?.Locations.FirstOrDefault()) ?? reading.Identifier;
}
