using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The XML docs of a generated system, written from its own model so that the IDE's hover says what is true of THIS
/// system: each Batch field's dtype, shape and label range, each output's shape, what Step trains, freezes and
/// detaches, and nothing about a discriminator or frozen member it does not have. Every text is one line of plain
/// words (escaped for XML) that the emitters write after "/// ".
/// </summary>
internal static class SystemDocs
{
    /// <summary>A dtype and a shape, batch first: <c>Float32 [batch, 1, 28, 14]</c>.</summary>
    private static string Shaped(string dtype, IEnumerable<int> dims) => dtype + " [batch" + string.Concat(dims.Select(d => ", " + Integer(d))) + "]";

    private static string OutputShape(MemberModel m) => Shaped("Float32", m.Shapes.Output);

    internal static string InputDoc(MemberModel m) => m.Shapes.TokenInput
        ? Shaped("Int64", m.Shapes.Input) + " token ids" + (m.Shapes.Vocabulary is { } vocabulary ? " in [0, " + Integer(vocabulary) + ")" : string.Empty)
        : Shaped("Float32", m.Shapes.Input);

    internal static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[list.Count - 1];
    }

    internal static string OptimizerDoc(OptimizerKind kind, double learningRate, double weightDecay, double momentum)
        => kind + ", learning rate " + DoubleLiteral(learningRate)
           + (weightDecay > 0 ? ", weight decay " + DoubleLiteral(weightDecay) : string.Empty)
           + (kind == OptimizerKind.Sgd && momentum > 0 ? ", momentum " + DoubleLiteral(momentum) : string.Empty);

    internal static string OptimizerDoc(MemberModel m) => OptimizerDoc(m.Optimizer, m.LearningRate, m.WeightDecay, m.Momentum);

    internal static string OptimizerDoc(DiscriminatorModel d) => OptimizerDoc(d.Optimizer, d.LearningRate, OptimizerDefaults.WeightDecay(d.Optimizer), 0);

    private static string DiscriminatorName(DiscriminatorModel d)
        => d.PropertyName is null ? "the default MLP discriminator"
           : "the discriminator " + d.PropertyName + (d.PropertyName == ShortTypeName(d.TypeName!) ? string.Empty : " (a " + ShortTypeName(d.TypeName!) + ")");

    /// <summary>What the normalisation of an [OutputNorm] system computes, per sample and over which outputs.</summary>
    private static string NormDoc(SystemModel model)
    {
        string epsilon = ", ε = " + DoubleLiteral(model.NormEpsilon);
        return model.OutputNorm switch
        {
            NormMethod.Range => "[OutputNorm(Range)], per-sample min–max over the last axis: (x − min) / max(max − min, ε)" + epsilon,
            NormMethod.Standardize => "[OutputNorm(Standardize)], each member's own per-sample z-score over the last axis: (x − mean) / sqrt(variance + ε)" + epsilon,
            _ => "[OutputNorm(SharedStandardize)], a per-sample z-score whose mean and variance are pooled over every member's output for that sample "
                 + "(SharedStatistics.PerSample, not per feature): (x − mean) / sqrt(variance + ε)" + epsilon,
        };
    }

    internal static string TargetDoc(SystemModel model, MemberModel m)
    {
        string classes = Integer(m.Shapes.Output[m.Shapes.Output.Count - 1]);
        string values = m.Task switch
        {
            TaskLoss.CrossEntropy => "Int64 [batch] class labels in [0, " + classes + ")",
            TaskLoss.CrossEntropyWhereLabeled => "Int64 [batch] class labels in [0, " + classes + "), or -1 (TaskLosses.Unlabeled) for a sample without a label",
            TaskLoss.Bce => OutputShape(m) + " probabilities in [0, 1]",
            _ => OutputShape(m) + ", the shape of " + m.Name + "'s output",
        };
        string against = model.OutputNorm is null ? string.Empty : "; the loss compares it with " + NormalizedProperty(m.Name) + ", the output after " + NormDoc(model);
        return m.Name + "'s target for its " + m.Task + " task loss: " + values + against + "; required by Step and Loss, not read by Evaluate.";
    }

    internal static string MemberOutputDoc(MemberModel m)
        => m.Name + "'s output as " + ShortTypeName(m.TypeName) + " computed it: Result " + OutputShape(m)
           + string.Concat(m.Shapes.Taps.Select(t => "; " + t.PropertyName + " " + Shaped("Float32", t.Dims) + " (the '" + SourceWriter.DocText(t.Name) + "' tap)")) + ".";

    internal static string NormalizedDoc(SystemModel model, MemberModel m)
        => m.Name + "'s Result after " + NormDoc(model) + ": " + OutputShape(m)
           + (m.Task == TaskLoss.None ? "; no task loss reads it (" + m.Name + " has none)." : "; what its " + m.Task + " task loss compares with " + m.Name + "Target.");

    internal static string BatchSummary(SystemModel model)
    {
        var parts = new List<string> { model.SharedInput ? "the input every member reads" : "every member's input" };
        if (model.TaskedMembers.Any()) parts.Add("the targets of the task losses");
        if (model.NeedsPairLabel) parts.Add("the pair labels of the labelled contrastive terms");
        return "One batch of " + model.ClassName + ", batch first: " + Names(parts) + ". Step and Loss validate every field; Evaluate reads the inputs only.";
    }

    internal static string PairLabelDoc(SystemModel model)
        => "Whether each pair of samples (row i of every input) is similar, for "
           + Names(model.Terms.Where(t => t.Method == CrossMethod.Contrastive && t.Form != CrossForm.InfoNce).Select(t => t.Name))
           + ": [batch] of 1 (similar) and 0 (dissimilar), any numeric dtype; required by Step and Loss.";

    internal static string OutputsSummary(SystemModel model)
        => "Every member's output for one batch as its network computed it: what Evaluate returns, and what the cross terms read"
           + (model.OutputNorm is null ? "." : "; beside it, each member's Result normalised as the task losses see it.");

    internal static string ConstructorSummary(SystemModel model)
    {
        var parts = new List<string> { "the members " + Names(model.Members.Select(m => m.Name)) + " (seeded, in declaration order)" };
        var trained = model.TrainedMembers.ToList();
        if (trained.Count > 0) parts.Add((trained.Count == 1 ? "the optimizer of " : "their optimizers (") + string.Join("; ", trained.Select(m => m.Name + ": " + OptimizerDoc(m))) + (trained.Count == 1 ? string.Empty : ")"));
        if (model.Discriminator is { } d) parts.Add(DiscriminatorName(d) + " of the Adversarial terms and its optimizer (" + OptimizerDoc(d) + ")");
        var frozen = model.Members.Where(m => m.Frozen).Select(m => m.Name).ToList();
        return "Creates " + Names(parts) + "." + (frozen.Count == 0 ? string.Empty : " Frozen, in eval mode and without gradients: " + Names(frozen) + ".");
    }

    internal static string MemberPropertyDoc(SystemModel model, MemberModel m)
    {
        string role = m.Frozen
            ? "frozen: eval mode, no optimizer, no gradients"
            : "trained by " + OptimizerDoc(m) + (m.Task == TaskLoss.None ? ", without a task loss (cross terms only)" : ", on its " + m.Task + " task loss");
        return "The member network '" + m.Name + "' (" + ShortTypeName(m.TypeName) + "): input " + InputDoc(m) + ", output " + OutputShape(m) + "; " + role + ".";
    }

    /// <summary>Where a cross term's gradient goes, by name: a detached reference and frozen members get none.</summary>
    private static string TermDoc(SystemModel model, TermModel t)
    {
        string weight = " × " + DoubleLiteral(t.Weight) + (t.WarmupSteps > 0 ? " (warmed up over " + Integer(t.WarmupSteps) + " steps)" : string.Empty);
        return t.Name + weight + ": " + (t.DetachedMember is { } detached ? detached + " detached, " : string.Empty) + Reaches(t.Weight == 0 ? Enumerable.Empty<string>() : model.TrainedBy(t));
    }

    private static string CustomTermDoc(SystemModel model, CustomTermModel c)
    {
        var detached = c.Arguments.Where(a => a.Detached).Select(a => a.Member).ToList();
        return c.Name + ", the [CrossTerm] method " + c.Method + ", × " + DoubleLiteral(c.Weight) + (c.WarmupSteps > 0 ? " (warmed up over " + Integer(c.WarmupSteps) + " steps)" : string.Empty)
               + ": " + (detached.Count == 0 ? string.Empty : Names(detached) + " detached, ") + Reaches(model.TrainedBy(c));
    }

    private static string Reaches(IEnumerable<string> members)
    {
        var list = members.ToList();
        return list.Count == 0 ? "no gradient reaches a trained member" : "gradients reach " + Names(list);
    }

    private static string TaskDoc(SystemModel model, MemberModel m)
        => m.Name + ".task (" + m.Task + " of " + (model.OutputNorm is null ? m.Name + "'s Result" : NormalizedProperty(m.Name)) + " against " + m.Name + "Target)";

    private static IEnumerable<string> LossTermNames(SystemModel model)
        => model.TaskedMembers.Select(m => m.Name + ".task")
            .Concat(model.Terms.Select(t => t.Name))
            .Concat(model.CustomTerms.Select(c => c.Name))
            .Concat(model.Discriminator is null ? Enumerable.Empty<string>() : new[] { DiscriminatorTermName(model) + " (reported; the discriminator minimises it in its own phase)" });

    /// <summary>The paragraphs of Step's summary that are this system's own: its terms, who trains, who does not.</summary>
    internal static List<string> StepDocs(SystemModel model)
    {
        var terms = model.TaskedMembers.Select(m => TaskDoc(model, m))
            .Concat(model.Terms.Select(t => TermDoc(model, t)))
            .Concat(model.CustomTerms.Select(c => CustomTermDoc(model, c)))
            .ToList();
        var docs = new List<string>
        {
            "One training step of " + model.ClassName + " on <paramref name=\"batch\"/>: one backward pass of the sum of "
            + (terms.Count == 0 ? "no term (the loss is 0)" : string.Join("; ", terms.Select(SourceWriter.Xml))) + "."
            + (model.OutputNorm == NormMethod.SharedStandardize ? " Through the shared statistics each task loss also reaches every other trained member." : string.Empty),
        };
        var trained = model.TrainedMembers.ToList();
        var frozen = model.Members.Where(m => m.Frozen).Select(m => m.Name).ToList();
        docs.Add(trained.Count == 0
            ? "Nothing is trained: every member is frozen."
            : "Then each trained member's optimizer steps: " + string.Join("; ", trained.Select(m => m.Name + " (" + OptimizerDoc(m) + (m.GradientClipNorm > 0 ? ", gradient norm clipped at " + DoubleLiteral(m.GradientClipNorm) : string.Empty) + ")")) + "."
              + (frozen.Count == 0 ? string.Empty : " Frozen, never trained and without gradients: " + Names(frozen) + "."));
        if (model.Discriminator is { } d)
            docs.Add("Before that, the discriminator phase: " + DiscriminatorName(d) + " steps (" + OptimizerDoc(d) + ") on the detached embeddings of "
                     + Names(model.Terms.Where(t => t.Method == CrossMethod.Adversarial).Select(t => t.Name)) + ", reported as " + SourceWriter.Xml(DiscriminatorTermName(model))
                     + "; the members are then trained to fool the updated discriminator, whose parameters collect no gradient from them.");
        return docs;
    }

    internal static string LossSummary(SystemModel model)
        => "Every term of the loss for <paramref name=\"batch\"/>, by name: " + SourceWriter.Xml(string.Join(", ", LossTermNames(model)))
           + "; computed as Step computes them, without updating anything (BatchNorm statistics and the random generator are put back). Dispose the result.";

    internal static string EvaluateSummary(SystemModel model)
        => "Every member's output for <paramref name=\"batch\"/> in eval mode and without gradients (targets are not read): each Result and tap as its network computed it"
           + (model.OutputNorm is null ? "." : "; " + Names(model.Members.Select(m => NormalizedProperty(m.Name))) + " are the Results after " + NormDoc(model) + ", as the task losses see them.");

    internal static string SaveSummary(SystemModel model)
    {
        var frozen = model.Members.Where(m => m.Frozen).Select(m => m.Name).ToList();
        var saved = new List<string> { "every member" };
        if (model.Discriminator is not null) saved.Add("the discriminator");
        if (model.TrainedMembers.Any() || model.Discriminator is not null) saved.Add("every optimizer's state");
        if (TrainingControlsEmitter.ScaledTerms(model).Any()) saved.Add("the cross terms' weight scales");
        saved.Add("the step counter and the random generator's state");
        return "Saves " + string.Join(", ", saved) + ", atomically: a failure at any point leaves the previous file intact. "
               + (frozen.Count == 0
                   ? "This system has no frozen member, so <paramref name=\"includeFrozenMembers\"/> changes nothing."
                   : "With <paramref name=\"includeFrozenMembers\"/> false, " + Names(frozen) + " (frozen) " + (frozen.Count == 1 ? "is" : "are")
                     + " kept by reference to " + (frozen.Count == 1 ? "its" : "their") + " own checkpoint: only a fingerprint is stored, and Load refuses the file unless that same member is loaded.");
    }

    internal static string DisposeSummary(SystemModel model)
    {
        var parts = new List<string> { "every member" };
        if (model.TrainedMembers.Any() || model.Discriminator is not null) parts.AddRange(new[] { "every optimizer", "every parameter buffer" });
        if (model.Discriminator is not null) parts.Add("the discriminator");
        return "Frees " + Names(parts) + ".";
    }

    /// <summary>The names a key argument may take, or what it means that there is none.</summary>
    internal static string Keys(IEnumerable<string> names, string none)
    {
        var list = names.ToList();
        return list.Count == 0 ? none : SourceWriter.Xml(string.Join(", ", list));
    }
}
