using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The members' forward passes (RunMembers: each member on its input and device, a frozen one without gradients, then
/// the [OutputNorm] normalisation) and Evaluate, which runs them in eval mode without gradients.
/// </summary>
internal static class ForwardPassEmitter
{
    internal static void EmitEvaluate(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + SystemDocs.EvaluateSummary(model) + "</summary>");
        using (w.Block("public Outputs Evaluate(Batch batch)"))
        {
            w.Line("Validate(batch, targets: false);");
            w.Line("var training = new[] { " + string.Join(", ", model.Members.Select(m => MemberField(m.Name) + ".training")) + " };");
            foreach (var m in model.Members) w.Line(MemberField(m.Name) + ".eval();");
            using (w.Block("try"))
            {
                w.Line("using var noGrad = " + Torch + ".no_grad();");
                w.Line("return RunMembers(batch);");
            }
            using (w.Block("finally"))
            {
                int i = 0;
                foreach (var m in model.Members) w.Line(MemberField(m.Name) + ".train(training[" + Integer(i++) + "]);");
            }
        }
    }

    internal static void EmitRunMembers(SourceWriter w, SystemModel model)
    {
        using (w.Block("private Outputs RunMembers(Batch batch)"))
        {
            foreach (var m in model.Members)
            {
                string input = model.SharedInput
                    ? (m.Device is null ? "batch.Input" : Training + ".Devices.To(batch.Input, " + DeviceField(m) + ")")
                    : "batch." + m.Name;
                if (m.Frozen)
                {
                    w.Line(m.TypeName + ".Output " + OutputLocal(m.Name) + ";");
                    using (w.Block("using (" + Torch + ".no_grad())"))
                        w.Line(OutputLocal(m.Name) + " = " + MemberField(m.Name) + ".call(" + input + ");");
                }
                else
                {
                    w.Line("var " + OutputLocal(m.Name) + " = " + MemberField(m.Name) + ".call(" + input + ");");
                }
            }
            var results = model.Members.Select(m => OutputLocal(m.Name)).ToList();
            switch (model.OutputNorm)
            {
                case NormMethod.SharedStandardize:
                    w.Line("// Statistics pooled over every member's output, per sample, and applied to each: shared for real.");
                    w.Line("var normalised = " + Losses + ".Normalizers.SharedStandardize(new[] { " + string.Join(", ", model.Members.Select(m => OutputLocal(m.Name) + ".Result")) + " }, "
                           + Losses + ".SharedStatistics.PerSample, " + DoubleLiteral(model.NormEpsilon) + ");");
                    results.AddRange(model.Members.Select((_, i) => "normalised[" + Integer(i) + "]"));
                    break;
                case NormMethod.Range:
                case NormMethod.Standardize:
                    results.AddRange(model.Members.Select(m => Losses + ".Normalizers." + model.OutputNorm + "(" + OutputLocal(m.Name) + ".Result, " + DoubleLiteral(model.NormEpsilon) + ")"));
                    break;
            }
            w.Line("return new Outputs(" + string.Join(", ", results) + ");");
        }
    }
}
