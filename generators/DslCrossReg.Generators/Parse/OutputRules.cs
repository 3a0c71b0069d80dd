using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// What a member's output must be for the losses that read it, checked against the shapes inferred from its network:
/// a cross-entropy task needs class logits [*, classes] (libtorch reads a wider output as spatial logits and fails on
/// the [batch] labels), a softmax or a per-sample normalisation over one value is constant, a loss that takes logits
/// cannot reach its targets through a final Sigmoid or Tanh, and the cross terms and shared standardisation compare
/// one vector per sample (their runtime checks reject anything else at the first step).
/// </summary>
internal static class OutputRules
{
    /// <summary>Reports a diagnostic at the named argument of a <c>[CrossLoss]</c> attribute (see <see cref="TermReader"/>).</summary>
    internal delegate void Reporter(DiagnosticDescriptor descriptor, string? argument, params string[] arguments);

    /// <summary>
    /// The rules on each member's task loss (at its <c>Task</c> argument, <paramref name="taskLocations"/>), and on an
    /// <c>[OutputNorm]</c> (at <paramref name="normLocation"/>).
    /// </summary>
    public static void Members(
        string system,
        IReadOnlyList<MemberModel> members,
        IReadOnlyDictionary<string, SourceLocation?> taskLocations,
        NormMethod? norm,
        SourceLocation? normLocation,
        bool anyBroken,
        List<DiagnosticInfo> diagnostics)
    {
        foreach (var member in members)
            if (member.Task != TaskLoss.None)
                Task(system, member, norm, taskLocations.TryGetValue(member.Name, out var at) ? at : null, diagnostics);

        if (norm != NormMethod.SharedStandardize) return;
        if (members.Count == 1 && !anyBroken)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SharedStandardizeNeedsTwoMembers, normLocation, system, members[0].Name));
        foreach (var member in members.Where(m => m.Shapes.Output.Count != 1))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotOneVectorPerSample, normLocation, "System '" + system + "'",
                "[OutputNorm(NormMethod.SharedStandardize)]", "member '" + member.Name + "' (" + Network(member) + ") returns", Dims(member.Shapes.Output),
                VectorFix(member)));
    }

    private static void Task(string system, MemberModel member, NormMethod? norm, SourceLocation? at, List<DiagnosticInfo> diagnostics)
    {
        string who = "System '" + system + "', member '" + member.Name + "' (" + Network(member) + ")";
        string task = "TaskLoss." + member.Task;
        var output = member.Shapes.Output;
        bool softmax = member.Task is TaskLoss.CrossEntropy or TaskLoss.CrossEntropyWhereLabeled;
        if (softmax && output.Count != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossEntropyNeedsClassLogits, at, who, task, Dims(output), Flatten(member.Shapes, "classes")));
            return;
        }
        if (softmax && output[0] == 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstantOverOneValue, at, who,
                task + " over the single logit the network returns ([*, 1]) is always 0 and gives no gradient: a softmax over one class is always 1; "
                + "return one logit per class (at least 2), or use TaskLoss.Bce with Float32 0/1 targets for a yes/no label"));
            return;
        }
        if (norm is NormMethod.Range or NormMethod.Standardize && output.Count > 0 && output[output.Count - 1] == 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstantOverOneValue, at, who,
                "[OutputNorm(NormMethod." + norm + ")] normalises each sample's output over its last axis, which holds a single value ([*, " + Dims(output)
                + "]), so " + task + " sees a constant 0 and gives no gradient; return at least 2 values per sample, or remove [OutputNorm]"));
            return;
        }
        // Under [OutputNorm] the task reads the normalised output, not the network's.
        if (norm is null && (softmax || member.Task == TaskLoss.Bce) && Bounded(member) is { } bounded)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LogitLossOnBoundedOutput, at, who, task, softmax ? "softmax" : "sigmoid",
                Network(member), bounded.Layer, Dims(output), bounded.Range));
    }

    /// <summary>
    /// The rules on a term between <paramref name="first"/> and <paramref name="second"/> whose tensors already have
    /// the same shape: false (reported) when they are not one vector per sample, so the term is not generated.
    /// </summary>
    public static bool Term(string system, string label, CrossMethod method, CrossForm form, string? tap, MemberModel first, MemberModel second, string argument, Reporter report)
    {
        string who = "System '" + system + "'";
        string term = label + " between '" + first.Name + "' (" + Network(first) + ") and '" + second.Name + "' (" + Network(second) + ")";
        bool readsOutputs = method == CrossMethod.OutputDisagreement || (method == CrossMethod.Distillation && form == CrossForm.Kl);
        if (tap is not null && !readsOutputs && first.Shapes.Taps.FirstOrDefault(t => t.Name == tap) is { Dims.Count: not 1 } tapped)
        {
            report(DiagnosticDescriptors.NotOneVectorPerSample, "Tap", who, term, "tap '" + tap + "' is", Dims(tapped.Dims),
                "move the tap after a Flatten (>> Flatten.Tap(\"" + tap + "\")), or to a Linear after it");
            return false;
        }
        if (!readsOutputs) return true;
        var output = first.Shapes.Output;
        if (output.Count != 1)
        {
            report(DiagnosticDescriptors.NotOneVectorPerSample, argument, who, term, "the outputs are", Dims(output), Fixes(first, second, m => Flatten(m.Shapes, "classes")));
            return false;
        }
        if (output[0] == 1)
        {
            report(DiagnosticDescriptors.ConstantOverOneValue, argument, who,
                term + " compares outputs of a single class ([*, 1]), and a softmax over one class is always 1, so the term is constant and gives no gradient; "
                + (method == CrossMethod.Distillation ? "distil a tap instead (Form = CrossForm.L2, Tap = \"...\")" : "compare outputs of at least 2 classes"));
            return true;
        }
        foreach (var member in new[] { first, second })
        {
            if (Bounded(member) is not { } bounded) continue;
            report(DiagnosticDescriptors.LogitLossOnBoundedOutput, argument, who, term, "softmax", Network(member), bounded.Layer, Dims(output), bounded.Range);
            break;
        }
        return true;
    }

    /// <summary>The network's short name, as the user wrote it (no namespace, no <c>global::</c>).</summary>
    internal static string Network(MemberModel member) => member.TypeName.Substring(member.TypeName.LastIndexOf('.') + 1);

    private static string Dims(IEnumerable<int> dims) => string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static string VectorFix(MemberModel member) => Fixes(member, member, m => Flatten(m.Shapes, "features"));

    /// <summary>One fix per network: one when both members are of the same network, else each network's, named.</summary>
    private static string Fixes(MemberModel first, MemberModel second, System.Func<MemberModel, string> fix)
        => first.TypeName == second.TypeName ? fix(first) : "in '" + Network(first) + "', " + fix(first) + "; in '" + Network(second) + "', " + fix(second);

    /// <summary>
    /// How to make the network return one vector per sample: Flatten before its last Linear when that Linear reads a
    /// wider input and every layer after it keeps its shape (the usual forgotten Flatten), else Flatten and a Linear at
    /// the end.
    /// </summary>
    private static string Flatten(NetworkShapes shapes, string width)
    {
        var stages = shapes.Stages;
        for (int k = stages.Count - 1; k >= 1; k--)
        {
            if (stages[k].Kind != LayerKind.Linear) continue;
            // Called for outputs of two axes or more: when every later layer keeps this Linear's shape, it reads two or more.
            if (Enumerable.Range(k + 1, stages.Count - k - 1).Any(j => !stages[j].Output.Equals(stages[k].Output))) break;
            long flattened = stages[k - 1].Output.Aggregate(1L, (product, d) => product * d);
            int outputs = stages[k].Output[stages[k].Output.Count - 1];
            return "add Flatten before layer " + (k - 1).ToString(CultureInfo.InvariantCulture) + " " + stages[k].Display
                   + ", so that it reads [*, " + flattened.ToString(CultureInfo.InvariantCulture) + "] and the network returns [*, " + outputs.ToString(CultureInfo.InvariantCulture) + "]";
        }
        return "end the network with Flatten >> Linear(" + width + ")";
    }

    /// <summary>The network's final activation when it bounds the outputs, with the interval it bounds them to.</summary>
    private static (string Layer, string Range)? Bounded(MemberModel member)
    {
        var stages = member.Shapes.Stages;
        return stages.Count == 0 ? null : stages[stages.Count - 1].Kind switch
        {
            LayerKind.Sigmoid => ("Sigmoid", "(0, 1)"),
            LayerKind.Tanh => ("Tanh", "(-1, 1)"),
            _ => null,
        };
    }
}
