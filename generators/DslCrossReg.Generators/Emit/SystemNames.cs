using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The naming scheme of a generated system's code. A member <c>Left</c> is held in the private field <c>left</c>
/// (<see cref="MemberField"/>), trained by <c>leftOptimizer</c> over its parameter buffer <c>leftParameters</c>, placed
/// on <c>leftDevice</c> when it has a device of its own; in the generated methods its output is the local
/// <c>leftOutput</c>, the Result its task loss reads <c>leftResult</c> and that loss <c>leftTask</c>. The field name is
/// kept clear of the generated fields and of C# keywords; the other names derive from the member's camelCase name.
/// </summary>
internal static class SystemNames
{
    // The fields a generated system declares itself.
    private static readonly string[] GeneratedFields =
        { "device", "steps", "disposed", "discriminator", "discriminatorOptimizer", "discriminatorParameters", "discriminatorGradients", "transaction", "termScales", "stepScope" };

    // The fields, locals and parameters a generated system declares itself: a member field by one of these names is
    // suffixed. A local's scope is its whole block, so a member field called like one (a member Fault beside Step's
    // local fault) would be read as the local wherever the method names the member.
    private static readonly string[] Generated = GeneratedFields.Concat(new[]
    {
        "scope", "batch", "outputs", "loss", "total", "terms", "fault", "bufferFault", "warnings", "warning", "training", "noGrad", "size", "seed", "targets",
        "detached", "embedding", "path", "includeFrozenMembers", "member", "learningRate", "term", "scale", "parameter", "normalised", "discriminatorLoss",
        "discriminatorValue", "discriminatorTerms", "discriminatorFault",
    }).ToArray();

    /// <summary>
    /// Every name the generated system class (or its placeholder) declares besides what it derives from the members' names:
    /// its methods, properties, event, nested records and fields. A member property of one of these names would be a
    /// second declaration (DCR0016).
    /// </summary>
    internal static readonly string[] ClassMembers = new[]
    {
        "Batch", "Outputs", "Step", "Loss", "Evaluate", "Save", "Load", "Dispose", "Device", "StepCount", "CheckInputsFinite",
        "OnNonFinite", "OverRegularized", "LossGraph", "DeclarationHash", "DeclaredLearningRates", "DeclaredTermWeights",
        "GetLearningRate", "SetLearningRate", "GetTermWeightScale", "SetTermWeightScale", "CrossTermTasks",
        "DeclaredLearningRateTable", "DeclaredTermWeightTable", "OptimizerOf", "TermIndex", "State", "RunMembers", "Terms",
        "Validate", "Discriminate", "DiscriminatorLoss", "SystemPlaceholderError", "Self", "CheckpointState",
    }.Concat(GeneratedFields).ToArray();

    /// <summary>The private field holding a member: camelCase, kept clear of the generated fields, locals and keywords.</summary>
    internal static string MemberField(string member)
    {
        string field = CamelCase(member);
        if (Generated.Contains(field) || NumberedLocal(field))
            return field + "Network";
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(field) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + field : field;
    }

    /// <summary>The field holding a trained member's optimizer (<c>leftOptimizer</c>).</summary>
    internal static string OptimizerField(string member) => MemberField(member) + "Optimizer";

    /// <summary>The field holding a trained member's contiguous parameter and gradient buffer (<c>leftParameters</c>).</summary>
    internal static string ParameterBufferField(string member) => MemberField(member) + "Parameters";

    /// <summary>The field holding a member's own device (only members with <c>[Member(Device = ...)]</c> have one).</summary>
    internal static string DeviceField(MemberModel m) => CamelCase(m.Name) + "Device";

    /// <summary>The local holding a member's Output in RunMembers (<c>leftOutput</c>).</summary>
    internal static string OutputLocal(string member) => CamelCase(member) + "Output";

    /// <summary>The local holding the Result a member's task loss reads in Terms, normalised on an [OutputNorm] system (<c>leftResult</c>).</summary>
    internal static string ResultLocal(string member) => CamelCase(member) + "Result";

    /// <summary>The local holding a member's task loss in Terms (<c>leftTask</c>).</summary>
    internal static string TaskLossLocal(string member) => CamelCase(member) + "Task";

    /// <summary>The Outputs property holding a member's Result as the task losses see it, on an [OutputNorm] system.</summary>
    internal static string NormalizedProperty(string member) => member + "Normalized";

    /// <summary>The discriminator's own loss in the breakdown: the Adversarial terms' names joined by '+', then <c>.discriminator</c>.</summary>
    internal static string DiscriminatorTermName(SystemModel model)
        => string.Join("+", model.Terms.Where(t => t.Method == CrossMethod.Adversarial).Select(t => t.Name)) + ".discriminator";

    /// <summary>The discriminator's type: the user's <c>[Discriminator]</c> network, else the runtime's default MLP.</summary>
    internal static string DiscriminatorType(DiscriminatorModel d) => d.TypeName ?? Training + ".DefaultDiscriminator";

    /// <summary>A type's name without its namespace, as docs and the loss graph show it.</summary>
    internal static string ShortTypeName(string typeName) => typeName.Substring(typeName.LastIndexOf('.') + 1);

    // The cross terms' locals, term0, term1, …, and the custom terms', custom0, custom1, ….
    private static bool NumberedLocal(string name)
    {
        string digits = name.StartsWith("term", System.StringComparison.Ordinal) ? name.Substring(4)
            : name.StartsWith("custom", System.StringComparison.Ordinal) ? name.Substring(6) : string.Empty;
        return digits.Length > 0 && digits.All(char.IsDigit);
    }

    private static string CamelCase(string member) => char.ToLowerInvariant(member[0]) + member.Substring(1);
}
