using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The terms a user writes ([CrossTerm] methods): called in Terms after the built-in cross terms, with the members'
/// outputs in parameter order, a Detach member's every tensor detached at the call site; then they are terms like the
/// others (named, weighted, warmed up, scaled through their slot of termScales, finite-checked by the step, in the
/// magnitude check, the loss graph and the hash).
/// </summary>
internal static class CustomTermEmitter
{
    internal static void EmitCustomTerms(SourceWriter w, SystemModel model, List<string> totals)
    {
        int index = 0;
        foreach (var c in model.CustomTerms)
        {
            // Its slot of termScales follows the built-in terms' slots.
            int slot = model.Terms.Count + index;
            string local = "custom" + Integer(index++);
            var detached = c.Arguments.Where(a => a.Detached).Select(a => a.Member).ToList();
            w.Line("// " + c.Name + ": the user's [CrossTerm] method" + (detached.Count == 0
                ? "; gradients reach every member it reads."
                : "; " + string.Join(" and ", detached) + " is passed detached, so no gradient reaches it from this term."));
            string call = model.ClassName + "." + c.Method + "(" + string.Join(", ", c.Arguments.Select(a => CustomArgument(model, a))) + ")";
            w.Line("var " + local + " = " + Training + ".TermArithmetic.Weighted(" + CrossTermEmitter.ScaledWeight(c.Weight, c.WarmupSteps, slot) + ", " + Training + ".CustomTerms.Scalar(\"" + c.Name + "\", " + call + "));");
            w.Line("terms.Add(\"" + c.Name + "\", " + local + ");");
            totals.Add(local);
        }
    }

    /// <summary>The member's output as the method receives it: as computed, or with every tensor detached.</summary>
    private static string CustomArgument(SystemModel model, CustomTermArgument argument)
    {
        string output = "outputs." + argument.Member;
        if (!argument.Detached) return output;
        var member = model.Member(argument.Member);
        var properties = new[] { "Result" }.Concat(member.Shapes.Taps.Select(t => t.PropertyName));
        return output + " with { " + string.Join(", ", properties.Select(p => p + " = " + output + "." + p + ".detach()")) + " }";
    }


    internal static void EmitCustomTermTasks(SourceWriter w, SystemModel model)
    {
        foreach (var c in model.CustomTerms)
        {
            var reached = model.TrainedBy(c).Where(n => model.Member(n).Task != TaskLoss.None).Select(n => "\"" + n + ".task\"");
            w.Line("[\"" + c.Name + "\"] = new string[] { " + string.Join(", ", reached) + " },");
        }
    }

    internal static void AddFlowchartStatements(SystemModel model, List<string> lines)
    {
        int index = 0;
        foreach (var c in model.CustomTerms)
        {
            string node = "custom" + Integer(index++);
            lines.Add(node + "([\"" + c.Name + " [CrossTerm] × " + DoubleLiteral(c.Weight) + (c.WarmupSteps > 0 ? ", warm-up " + Integer(c.WarmupSteps) : string.Empty) + "\"])");
            foreach (var a in c.Arguments)
                lines.Add(a.Member + (a.Detached ? " -- detached --> " : " --> ") + node);
            foreach (var reached in model.TrainedBy(c))
                lines.Add(node + " -. grad .-> " + reached);
        }
    }

    /// <summary>A custom term changes what the step computes, so it is part of the declaration a checkpoint belongs to.</summary>
    internal static void AppendCustomTerms(SystemModel model, System.Text.StringBuilder text)
    {
        foreach (var c in model.CustomTerms)
            text.Append("|C:").Append(c.Name).Append(':').Append(string.Join(",", c.Arguments.Where(a => a.Detached).Select(a => a.Member)));
    }
}
