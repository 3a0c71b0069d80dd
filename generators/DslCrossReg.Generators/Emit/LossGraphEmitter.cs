using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The loss graph: the Mermaid flowchart of members, taps, terms with their weights and where each term's gradient
/// goes (the public <c>LossGraph</c>), and the table of which cross terms accompany which task losses, which the
/// magnitude check reads.
/// </summary>
internal static class LossGraphEmitter
{
    internal static void EmitLossGraph(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>Which cross terms accompany which members' task losses, for the magnitude check.</summary>");
        w.Line("private static readonly global::System.Collections.Generic.IReadOnlyDictionary<string, string[]> CrossTermTasks =");
        using (w.Continued())
        using (w.Block("new global::System.Collections.Generic.Dictionary<string, string[]>", closing: "};"))
        {
            foreach (var t in model.Terms)
            {
                var reached = model.TrainedBy(t).Where(n => model.Member(n).Task != TaskLoss.None).Select(n => "\"" + n + ".task\"");
                w.Line("[\"" + t.Name + "\"] = new string[] { " + string.Join(", ", reached) + " },");
            }
            CustomTermEmitter.EmitCustomTermTasks(w, model);
        }
        w.Line();
        w.Line("/// <summary>The loss graph as a Mermaid flowchart: members, taps, terms with weights, and where each term's gradient goes.</summary>");
        // A flowchart's statements are indented one level under its header.
        var lines = new[] { "flowchart LR" }.Concat(FlowchartStatements(model).Select(statement => "    " + statement)).ToList();
        w.Line("public static string LossGraph { get; } =",
            lines.Select((line, i) => "\"" + SourceWriter.Escaped(line) + "\\n\"" + (i == lines.Count - 1 ? ";" : " +")));
    }

    /// <summary>The statements of the loss graph's flowchart: nodes, then edges, member by member and term by term.</summary>
    private static List<string> FlowchartStatements(SystemModel model)
    {
        var lines = new List<string>();
        foreach (var m in model.Members)
            lines.Add(m.Name + "[\"" + m.Name + ": " + ShortTypeName(m.TypeName) + "<br/>" + (m.Frozen ? "frozen" : m.Optimizer + " lr " + DoubleLiteral(m.LearningRate)) + "\"]");
        if (model.Discriminator is { } d)
            lines.Add("Discriminator[\"" + (d.PropertyName ?? "Discriminator") + ": " + (d.TypeName is null ? "default MLP" : ShortTypeName(d.TypeName)) + "<br/>" + d.Optimizer + " lr " + DoubleLiteral(d.LearningRate) + "\"]");
        foreach (var m in model.TaskedMembers)
        {
            string node = m.Name + "_task";
            lines.Add(node + "([\"" + m.Name + ".task: " + m.Task + (model.OutputNorm is { } norm ? " after " + norm : string.Empty) + "\"])");
            lines.Add(m.Name + " --> " + node);
            lines.Add(node + " -. grad .-> " + m.Name);
            if (model.OutputNorm != NormMethod.SharedStandardize) continue;
            // The shared statistics are pooled over every member's output: each task reads them all, and its
            // gradient reaches every trained member through them.
            foreach (var other in model.Members.Where(o => o.Name != m.Name))
            {
                lines.Add(other.Name + " -- shared statistics --> " + node);
                if (!other.Frozen) lines.Add(node + " -. grad .-> " + other.Name);
            }
        }
        int index = 0;
        foreach (var t in model.Terms)
        {
            string node = "term" + Integer(index++);
            // A second term of one method between the same members carries its form in its name already.
            string form = t.Form == CrossForm.Default || t.Name.StartsWith(t.Method + "." + t.Form + "(", System.StringComparison.Ordinal)
                          || t.Name.StartsWith(t.Method + "." + t.Form + "@", System.StringComparison.Ordinal) ? string.Empty : " " + t.Form;
            lines.Add(node + "([\"" + t.Name + form + " × " + DoubleLiteral(t.Weight) + (t.WarmupSteps > 0 ? ", warm-up " + Integer(t.WarmupSteps) : string.Empty) + "\"])");
            string edge = t.TapProperty is null ? " --> " : " -- " + t.TapProperty + " --> ";
            string detachedEdge = t.TapProperty is null ? " -- detached --> " : " -- " + t.TapProperty + ", detached --> ";
            foreach (var member in t.Members)
                lines.Add(member + (member == t.DetachedMember ? detachedEdge : edge) + node);
            if (t.Method == CrossMethod.Adversarial)
            {
                lines.Add("Discriminator --> " + node);
                lines.Add(node + "_d([\"" + t.Name + ".discriminator (detached embeddings)\"])");
                lines.Add(node + "_d -. grad .-> Discriminator");
            }
            // At weight 0 the term is computed and logged, but no gradient flows from it.
            if (t.Weight != 0)
                foreach (var reached in model.TrainedBy(t))
                    lines.Add(node + " -. grad .-> " + reached);
        }
        CustomTermEmitter.AddFlowchartStatements(model, lines);
        return lines;
    }
}
