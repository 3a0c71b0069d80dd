using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The naming scheme of a generated system's code: the private fields and locals derived from a member's name, kept
/// clear of the generated fields and of C# keywords, and the names of generated properties and terms.
/// </summary>
internal static class SystemNames
{
    /// <summary>The private field of a member: camelCase, kept clear of the generated fields and of keywords.</summary>
    internal static string Field(string member)
    {
        string field = char.ToLowerInvariant(member[0]) + member.Substring(1);
        if (field is "device" or "steps" or "disposed" or "discriminator" or "discriminatorOptimizer" or "scope" or "batch" or "outputs" or "transaction" or "termScales")
            return field + "Network";
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(field) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + field : field;
    }

    internal static string Local(string member) => Plain(member) + "Output";

    /// <summary>The member's camelCase name as a prefix of locals (<c>leftResult</c>, <c>leftTask</c>).</summary>
    internal static string Plain(string member) => char.ToLowerInvariant(member[0]) + member.Substring(1);

    /// <summary>The field holding a member's own device (only members with <c>[Member(Device = ...)]</c> have one).</summary>
    internal static string DeviceOf(MemberModel m) => Plain(m.Name) + "Device";

    /// <summary>The Outputs property holding a member's Result as the task losses see it, on an [OutputNorm] system.</summary>
    internal static string Normalized(string member) => member + "Normalized";

    internal static string DiscriminatorTermName(SystemModel model)
        => string.Join("+", model.Terms.Where(t => t.Method == CrossMethod.Adversarial).Select(t => t.Name)) + ".discriminator";

    internal static string DiscriminatorType(DiscriminatorModel d) => d.TypeName ?? Training + ".DefaultDiscriminator";

    internal static string Short(string typeName) => typeName.Substring(typeName.LastIndexOf('.') + 1);

    internal static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
