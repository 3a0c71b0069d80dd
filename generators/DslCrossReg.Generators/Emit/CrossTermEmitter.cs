using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The loss terms as code: Terms, which computes every task loss and every weighted cross term into the named
/// breakdown, each cross term's formula (a call into <c>DslCrossReg.Losses</c>) with the comment that says where its
/// gradient goes, and the Adversarial terms' discriminator loss.
/// </summary>
internal static class CrossTermEmitter
{
    internal static void EmitDiscriminator(SourceWriter w, SystemModel model)
    {
        var d = model.Discriminator!;
        using (w.Block("private " + Tensor + " Discriminate(" + Tensor + " embedding)"))
            w.Line("return discriminator.call(" + (model.MultiDevice ? Training + ".Devices.To(embedding, device)" : "embedding") + ")" + (d.TypeName is null ? string.Empty : ".Result") + ";");
        w.Line();
        w.Line("/// <summary>The discriminator's loss, BCE with logits: label 0 for the first member's embeddings, 1 for the second's.</summary>");
        using (w.Block("private " + Tensor + " DiscriminatorLoss(Outputs outputs, bool detached)"))
        {
            var terms = model.Terms.Where(t => t.Method == CrossMethod.Adversarial).ToList();
            var parts = new List<string>();
            foreach (var t in terms)
            {
                string a = "outputs." + t.PeerA + "." + t.TapProperty, b = "outputs." + t.PeerB + "." + t.TapProperty;
                parts.Add(Call("AdversarialLosses.Discriminator",
                    ("logitsFromA", "Discriminate(detached ? " + a + ".detach() : " + a + ")"), ("logitsFromB", "Discriminate(detached ? " + b + ".detach() : " + b + ")")));
            }
            if (parts.Count == 1)
                w.Line("return " + parts[0] + ";");
            else
                w.Line("return " + Training + ".TermArithmetic.Total(", parts.Select((p, i) => p + (i == parts.Count - 1 ? ");" : ",")));
        }
    }

    internal static void EmitTerms(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>The named loss graph: task losses on (normalised) outputs plus every weighted cross term.</summary>");
        using (w.Block("private " + Training + ".LossBreakdown Terms(Batch batch, Outputs outputs, " + Tensor + "? discriminatorLoss)"))
        {
            w.Line("var terms = new " + Training + ".NamedTerms<" + Tensor + ">(" + Integer(model.LossTermCount) + ");");
            EmitNormalisedResults(w, model);
            var totals = new List<string>();
            foreach (var m in model.TaskedMembers)
            {
                string local = TaskLossLocal(m.Name);
                w.Line("var " + local + " = " + Training + ".TaskLosses.Compute(global::DslCrossReg.TaskLoss." + m.Task + ", " + ResultLocal(m.Name) + ", batch." + m.Name + "Target!, \"" + m.Name + "Target\");");
                w.Line("terms.Add(\"" + m.Name + ".task\", " + local + ");");
                totals.Add(local);
            }
            int index = 0;
            foreach (var t in model.Terms)
            {
                string local = "term" + Integer(index++);
                w.Line("// " + t.Name + Describe(t));
                w.Line("var " + local + " = " + Training + ".TermArithmetic.Weighted(" + ScaledWeight(t.Weight, t.WarmupSteps, index - 1) + ", " + TermExpression(t, CrossesDevices(model, t)) + ");");
                w.Line("terms.Add(\"" + t.Name + "\", " + local + ");");
                totals.Add(local);
            }
            CustomTermEmitter.EmitCustomTerms(w, model, totals);
            if (model.Discriminator is not null)
            {
                foreach (var t in model.Terms.Where(t => t.Method == CrossMethod.Adversarial))
                    w.Line("// " + t.Name + ".discriminator is reported; the discriminator minimises it in its own step.");
                w.Line("if (discriminatorLoss is not null) terms.Add(\"" + DiscriminatorTermName(model) + "\", discriminatorLoss);");
            }
            // Members on other devices: the total is summed on the system's device.
            var addends = model.MultiDevice ? totals.Select(t => Training + ".Devices.To(" + t + ", device)") : totals;
            w.Line("var total = " + totals.Count switch
            {
                0 => Torch + ".zeros(new long[0], device: device)",
                1 => addends.First(),
                _ => Training + ".TermArithmetic.Total(" + string.Join(", ", addends) + ")",
            } + ";");
            w.Line("return new " + Training + ".LossBreakdown(total, terms);");
        }
    }

    private static void EmitNormalisedResults(SourceWriter w, SystemModel model)
    {
        // On an [OutputNorm] system the members' results were normalised with the outputs (RunMembers), so that
        // Evaluate returns them too.
        foreach (var m in model.TaskedMembers)
            w.Line("var " + ResultLocal(m.Name) + " = outputs." + (model.OutputNorm is null ? m.Name + ".Result" : NormalizedProperty(m.Name)) + ";");
    }

    private static string Describe(TermModel t) => t.Method switch
    {
        CrossMethod.Distillation => ": the teacher's output is detached, so only " + t.Student + " learns from it.",
        CrossMethod.ParameterDistance or CrossMethod.OutputDisagreement => ": the reference " + t.Reference + " is detached, so only " + t.Model + " moves.",
        CrossMethod.Adversarial => ": each member is trained to be taken for the other.",
        _ => ": gradients reach both members.",
    };

    /// <summary>
    /// A term's weight as the step applies it: the declared weight (times the warm-up factor while it ramps) times the
    /// term's slot of <c>termScales</c>, which is 1 unless set, so a term left alone is as declared, bit for bit.
    /// </summary>
    internal static string ScaledWeight(double weight, int warmupSteps, int slot)
        => (warmupSteps > 0 ? "(" + DoubleLiteral(weight) + " * " + Training + ".Warmup.Factor(steps, " + Integer(warmupSteps) + "))" : DoubleLiteral(weight))
           + " * termScales[" + Integer(slot) + "]";

    /// <summary>
    /// A cross term's formula: a call into <c>DslCrossReg.Losses</c> whose every argument is named after the runtime's
    /// parameter, so that the call says which member plays which role; a parameter named <c>detached...</c> is one
    /// the function detaches, which is where the teacher or reference gets no gradient.
    /// </summary>
    /// <param name="t">The term.</param>
    /// <param name="align">Whether the two members may live on different devices: the tensors of the member named second
    /// (and the pair labels) are then read on the device of the member named first.</param>
    private static string TermExpression(TermModel t, bool align)
    {
        string Tap(string member) => "outputs." + member + "." + t.TapProperty;
        string Result(string member) => "outputs." + member + ".Result";
        string OnDeviceOf(string tensor, string like) => align ? Training + ".Devices.Align(" + tensor + ", " + like + ")" : tensor;
        return t.Method switch
        {
            CrossMethod.EmbeddingDistance => t.Form == CrossForm.Cosine
                ? Call("EmbeddingLosses.CosineDistance", ("a", Tap(t.PeerA)), ("b", OnDeviceOf(Tap(t.PeerB), Tap(t.PeerA))), ("epsilon", DoubleLiteral(t.Epsilon)))
                : Call("EmbeddingLosses.Distance", ("a", Tap(t.PeerA)), ("b", OnDeviceOf(Tap(t.PeerB), Tap(t.PeerA)))),
            CrossMethod.Contrastive => t.Form switch
            {
                CrossForm.Basic or CrossForm.Margin => Call("ContrastiveLosses." + t.Form,
                    ("a", Tap(t.PeerA)), ("b", OnDeviceOf(Tap(t.PeerB), Tap(t.PeerA))), ("pairLabels", OnDeviceOf("batch.PairLabel!", Tap(t.PeerA))), ("margin", DoubleLiteral(t.Margin))),
                CrossForm.Weighted => Call("ContrastiveLosses.Weighted",
                    ("a", Tap(t.PeerA)), ("b", OnDeviceOf(Tap(t.PeerB), Tap(t.PeerA))), ("pairLabels", OnDeviceOf("batch.PairLabel!", Tap(t.PeerA))),
                    ("positiveWeight", DoubleLiteral(t.PositiveWeight)), ("negativeWeight", DoubleLiteral(t.NegativeWeight)), ("margin", DoubleLiteral(t.Margin))),
                _ => Call("ContrastiveLosses.InfoNce",
                    ("a", Tap(t.PeerA)), ("b", OnDeviceOf(Tap(t.PeerB), Tap(t.PeerA))), ("temperature", DoubleLiteral(t.Temperature)), ("epsilon", DoubleLiteral(t.Epsilon))),
            },
            CrossMethod.Distillation => t.Form == CrossForm.L2
                ? Call("DistillationLosses.L2", ("student", OnDeviceOf(Tap(t.Student), Tap(t.Teacher))), ("detachedTeacher", Tap(t.Teacher)))
                : Call("DistillationLosses.Kl",
                    ("studentLogits", OnDeviceOf(Result(t.Student), Result(t.Teacher))), ("detachedTeacherLogits", Result(t.Teacher)), ("temperature", DoubleLiteral(t.Temperature))),
            CrossMethod.ParameterDistance => t.Form switch
            {
                CrossForm.ExpSimilarity => Call("ParameterDistance.ExpSimilarity",
                    ("model", MemberField(t.Model)), ("detachedReference", MemberField(t.Reference)), ("scale", DoubleLiteral(t.Scale))),
                CrossForm.CosineSimilarity => Call("ParameterDistance.Cosine",
                    ("model", MemberField(t.Model)), ("detachedReference", MemberField(t.Reference)), ("epsilon", DoubleLiteral(t.Epsilon))),
                _ => Call("ParameterDistance.InverseL1",
                    ("model", MemberField(t.Model)), ("detachedReference", MemberField(t.Reference)), ("epsilon", DoubleLiteral(t.Epsilon))),
            },
            CrossMethod.OutputDisagreement => t.Form == CrossForm.NegativeCrossEntropy
                ? Call("OutputDisagreement.NegativeCrossEntropy",
                    ("logits", OnDeviceOf(Result(t.Model), Result(t.Reference))), ("detachedReferenceLogits", Result(t.Reference)), ("clamp", DoubleLiteral(t.Scale)))
                : Call("OutputDisagreement.InverseCrossEntropy",
                    ("logits", OnDeviceOf(Result(t.Model), Result(t.Reference))), ("detachedReferenceLogits", Result(t.Reference)), ("epsilon", DoubleLiteral(t.Epsilon))),
            _ => Training + ".TermArithmetic.Total(" + Call("AdversarialLosses.FoolDiscriminator", ("logits", "Discriminate(" + Tap(t.PeerA) + ")"), ("fromA", "true")) + ", "
                 + Call("AdversarialLosses.FoolDiscriminator", ("logits", "Discriminate(" + OnDeviceOf(Tap(t.PeerB), Tap(t.PeerA)) + ")"), ("fromA", "false")) + ")",
        };
    }

    /// <summary>A call of a <c>DslCrossReg.Losses</c> function with named arguments, in the order given.</summary>
    private static string Call(string function, params (string Parameter, string Argument)[] arguments)
        => Losses + "." + function + "(" + string.Join(", ", arguments.Select(a => a.Parameter + ": " + a.Argument)) + ")";

    private static bool CrossesDevices(SystemModel model, TermModel t)
        => model.Member(t.DeclaredFirst).Device != model.Member(t.DeclaredSecond).Device;
}
