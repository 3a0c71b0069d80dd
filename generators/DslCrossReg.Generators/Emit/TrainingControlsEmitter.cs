using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// What a training loop adjusts between steps (<c>ITrainingControls</c>): the declared learning rates and term weights,
/// each optimizer's learning rate, each cross term's weight scale (its slot of <c>termScales</c>) and the checkpoint
/// state a loop saves its own position with.
/// </summary>
internal static class TrainingControlsEmitter
{
    /// <summary>
    /// What a training loop adjusts between steps (<c>ITrainingControls</c>): each optimizer's learning rate and a
    /// multiplier on each cross term's declared weight (1 by default, which leaves every value as declared, bit for
    /// bit), and the checkpoint state a loop saves its own position with.
    /// </summary>
    internal static void EmitTrainingControls(SourceWriter w, SystemModel model)
    {
        const string Dictionary = "global::System.Collections.Generic.Dictionary<string, double>";
        const string ReadOnly = "global::System.Collections.Generic.IReadOnlyDictionary<string, double>";
        var optimized = model.TrainedMembers.Select(m => (m.Name, Field: OptimizerField(m.Name), m.LearningRate)).ToList();
        if (model.Discriminator is { } d) optimized.Add(("Discriminator", "discriminatorOptimizer", d.LearningRate));
        w.Line("private static readonly " + ReadOnly + " DeclaredLearningRateTable = new " + Dictionary + " { "
               + string.Join(", ", optimized.Select(o => "[\"" + o.Name + "\"] = " + DoubleLiteral(o.LearningRate))) + " };");
        w.Line();
        var scaled = ScaledTerms(model);
        w.Line("private static readonly " + ReadOnly + " DeclaredTermWeightTable = new " + Dictionary + " { "
               + string.Join(", ", scaled.Select(t => "[\"" + SourceWriter.Escaped(t.Name) + "\"] = " + DoubleLiteral(t.Weight))) + " };");
        w.Line();
        string memberKeys = optimized.Count == 0 ? "none: every member is frozen" : "one of: " + SystemDocs.Keys(optimized.Select(o => o.Name), string.Empty);
        string termKeys = scaled.Count == 0 ? "none: this system has no cross term" : "one of: " + SystemDocs.Keys(scaled.Select(t => t.Name), string.Empty);
        w.Line("/// <summary>The declared learning rate of every optimizer, by name: " + SystemDocs.Keys(optimized.Select(o => o.Name + " " + DoubleLiteral(o.LearningRate)), "none, every member is frozen") + ".</summary>");
        w.Line("public " + ReadOnly + " DeclaredLearningRates => DeclaredLearningRateTable;");
        w.Line();
        w.Line("/// <summary>The declared weight of every cross term, by its name in the loss breakdown: " + SystemDocs.Keys(scaled.Select(t => t.Name + " " + DoubleLiteral(t.Weight)), "none, this system has no cross term") + ".</summary>");
        w.Line("public " + ReadOnly + " DeclaredTermWeights => DeclaredTermWeightTable;");
        w.Line();
        w.Line("/// <summary>The learning rate the optimizer of <paramref name=\"member\"/> (" + memberKeys + ") uses now.</summary>");
        w.Line("public double GetLearningRate(string member) => " + Training + ".LearningRates.Get(OptimizerOf(member));");
        w.Line();
        w.Line("/// <summary>Sets the learning rate of <paramref name=\"member\"/>'s optimizer (" + memberKeys + ") for the next steps (finite, 0 or more).</summary>");
        w.Line("public void SetLearningRate(string member, double learningRate) => " + Training + ".LearningRates.Set(OptimizerOf(member), member, learningRate);");
        w.Line();
        w.Line("/// <summary>The multiplier now applied to the declared weight of cross term <paramref name=\"term\"/> (" + termKeys + "), 1 unless set.</summary>");
        w.Line("public double GetTermWeightScale(string term) => termScales[TermIndex(term)];");
        w.Line();
        w.Line("/// <summary>Multiplies the declared weight of cross term <paramref name=\"term\"/> (" + termKeys + ") by <paramref name=\"scale\"/> (finite, 0 or more) from the next step on.</summary>");
        using (w.Block("public void SetTermWeightScale(string term, double scale)"))
        {
            w.Line("if (!(scale >= 0) || double.IsInfinity(scale)) throw " + Arguments + ".OutOfRange(nameof(scale), scale, \"A weight scale must be finite and not negative.\");");
            w.Line("termScales[TermIndex(term)] = scale;");
        }
        w.Line();
        w.Line("global::DslCrossReg.Checkpoints.SystemState " + Training + ".ITrainingControls.CheckpointState() => State();");
        w.Line();
        using (w.Block("private " + Optimizer + " OptimizerOf(string member)"))
        {
            w.Line("global::System.ObjectDisposedException.ThrowIf(disposed, this);");
            using (w.Block("switch (member)"))
            {
                foreach (var o in optimized) w.Line("case \"" + o.Name + "\": return " + o.Field + ";");
                w.Line("default: throw " + Arguments + ".Invalid(\"'\" + member + \"' has no optimizer in " + model.ClassName + "; one of: " + SourceWriter.Escaped(string.Join(", ", optimized.Select(o => o.Name))) + ".\", nameof(member));");
            }
        }
        w.Line();
        using (w.Block("private static int TermIndex(string term)"))
        {
            using (w.Block("switch (term)"))
            {
                int i = 0;
                foreach (var t in scaled) w.Line("case \"" + SourceWriter.Escaped(t.Name) + "\": return " + Integer(i++) + ";");
                w.Line("default: throw " + Arguments + ".Invalid(\"'\" + term + \"' is not a cross term of " + model.ClassName + (scaled.Count == 0 ? " (it has none)" : "; one of: " + SourceWriter.Escaped(string.Join(", ", scaled.Select(t => t.Name)))) + ".\", nameof(term));");
            }
        }
    }

    /// <summary>
    /// Every term with a slot in <c>termScales</c>, in slot order, with its declared weight: the built-in cross terms,
    /// then the custom ones.
    /// </summary>
    internal static List<(string Name, double Weight)> ScaledTerms(SystemModel model)
        => model.Terms.Select(t => (t.Name, t.Weight)).Concat(model.CustomTerms.Select(c => (c.Name, c.Weight))).ToList();
}
