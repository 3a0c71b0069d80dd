using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// Validate: the checks a batch passes before Step, Loss or Evaluate reads it — every input's shape, dtype and device,
/// one batch size throughout, the targets and pair labels a step needs, and finiteness when asked.
/// </summary>
internal static class BatchValidationEmitter
{
    internal static void EmitValidate(SourceWriter w, SystemModel model)
    {
        using (w.Block("private void Validate(Batch batch, bool targets)"))
        {
            w.Line(Arguments + ".NotNull(batch);");
            var first = model.SharedInput ? "Input" : model.Members[0].Name;
            if (model.SharedInput)
            {
                var m = model.Members[0];
                w.Line(Training + ".BatchChecks.Input(\"Input\", batch.Input, \"" + ShortTypeName(m.TypeName) + "\", " + m.TypeName + ".InputTensorShape, device);");
            }
            else
            {
                foreach (var m in model.Members)
                    w.Line(Training + ".BatchChecks.Input(\"" + m.Name + "\", batch." + m.Name + ", \"" + ShortTypeName(m.TypeName) + "\", " + m.TypeName + ".InputTensorShape, " + (m.Device is null ? "device" : DeviceField(m)) + ");");
            }
            w.Line("long size = batch." + first + ".size(0);");
            w.Line(Training + ".BatchChecks.NotEmpty(\"" + first + "\", size);");
            w.Line("if (targets) transaction.RequireBatchStatistics(\"" + first + "\", size);");
            var inputFields = model.SharedInput ? new[] { "Input" } : model.Members.Select(m => m.Name).ToArray();
            w.Line("if (CheckInputsFinite) " + Training + ".BatchChecks.Finite(new (string, " + Tensor + "?)[] { "
                   + string.Join(", ", inputFields.Select(f => "(\"" + f + "\", batch." + f + ")")) + " });");

            if (!model.SharedInput)
                foreach (var m in model.Members.Skip(1))
                    w.Line(Training + ".BatchChecks.SameBatch(\"" + m.Name + "\", batch." + m.Name + ", \"" + first + "\", size);");
            var tasked = model.TaskedMembers.ToList();
            if (tasked.Count == 0 && !model.NeedsPairLabel) return;
            w.Line("if (!targets) return;");
            foreach (var m in tasked)
                w.Line(Training + ".TaskLosses.Validate(global::DslCrossReg.TaskLoss." + m.Task + ", \"" + m.Name + "Target\", batch." + m.Name + "Target, size, "
                       + m.TypeName + ".OutputShape, " + (m.Device is null ? "device" : DeviceField(m)) + ");");
            if (model.NeedsPairLabel)
                w.Line(Training + ".BatchChecks.PairLabels(\"PairLabel\", batch.PairLabel, size, device);");
            var floatTargets = tasked.Where(m => m.Task is TaskLoss.Mse or TaskLoss.Bce).ToList();
            if (floatTargets.Count > 0)
                w.Line("if (CheckInputsFinite) " + Training + ".BatchChecks.Finite(new (string, " + Tensor + "?)[] { "
                       + string.Join(", ", floatTargets.Select(m => "(\"" + m.Name + "Target\", batch." + m.Name + "Target)")) + " });");
        }
    }
}
