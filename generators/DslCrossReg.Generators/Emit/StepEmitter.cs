using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The training algorithm: Loss (every term, nothing updated) and Step, whose orderings are the ones hand-written
/// multi-network loops commonly get wrong — zero every optimizer, step a discriminator on detached embeddings before the
/// members see it, one backward pass, check every loss and gradient before any optimizer reads them, and roll back
/// through the step transaction whatever refuses the step.
/// </summary>
internal static class StepEmitter
{
    internal static void EmitLoss(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + SystemDocs.LossSummary(model) + "</summary>");
        using (w.Block("public " + Training + ".LossBreakdown Loss(Batch batch)"))
        {
            w.Line("global::System.ObjectDisposedException.ThrowIf(disposed, this);");
            w.Line("Validate(batch, targets: true);");
            w.Line("// The forward pass moves BatchNorm statistics and draws dropout masks: put both back, Loss changes nothing.");
            w.Line("transaction.Begin();");
            using (w.Block("try"))
            {
                w.Line("var outputs = RunMembers(batch);");
                w.Line("return Terms(batch, outputs, " + (model.Discriminator is null ? "null" : "DiscriminatorLoss(outputs, detached: true)") + ");");
            }
            using (w.Block("finally"))
                w.Line("transaction.Rollback();");
        }
    }

    internal static void EmitStep(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>");
        foreach (var paragraph in SystemDocs.StepDocs(model)) w.Line("/// <para>" + paragraph + "</para>");
        w.Line("/// <para>Every tensor it creates is freed before it returns. The step is all or nothing: the batch is validated");
        w.Line("/// first, and a step refused later (a non-finite loss or gradient, an exception) puts back what it had changed");
        w.Line("/// (" + (model.Discriminator is null ? string.Empty : "the discriminator's update, ") + "buffers such as BatchNorm statistics, the random generator), so parameters, optimizer states and the step");
        w.Line("/// counter are as before.</para>");
        w.Line("/// </summary>");
        using (w.Block("public " + Training + ".StepResult Step(Batch batch)"))
        {
            w.Line("global::System.ObjectDisposedException.ThrowIf(disposed, this);");
            w.Line("Validate(batch, targets: true);");
            w.Line("using var scope = stepScope.Open();");
            w.Line("transaction.Begin();");
            w.Line(Training + ".LossBreakdown loss;");
            w.Line("double total;");
            using (w.Block("try"))
                EmitGuardedPhase(w, model);
            using (w.Block("catch"))
            {
                w.Line("transaction.Rollback();");
                w.Line("throw;");
            }
            EmitUpdate(w, model);
        }
    }

    /// <summary>
    /// The part of Step that may still be refused: forward passes, the discriminator's phase, the members' loss and
    /// backward pass, and the finiteness checks. Every refusal rolls back through the transaction before it returns.
    /// </summary>
    private static void EmitGuardedPhase(SourceWriter w, SystemModel model)
    {
        w.Line("var outputs = RunMembers(batch);");
        if (model.Discriminator is not null)
        {
            w.Line();
            w.Line("// 1. The discriminator learns on detached embeddings: its backward never reaches the members, and it");
            w.Line("//    steps before the members' graph through it exists, so nothing a pending backward needs is modified.");
            w.Line("discriminatorParameters.Zero();");
            w.Line("var discriminatorLoss = DiscriminatorLoss(outputs, detached: true);");
            w.Line("discriminatorLoss.backward();");
            w.Line("var discriminatorValue = " + Training + ".TensorReads.ToDouble(discriminatorLoss);");
            using (w.Block("if (!global::System.Double.IsFinite(discriminatorValue) || !discriminatorParameters.AllFinite())"))
            {
                w.Line("var discriminatorFault = " + Training + ".NonFiniteGuard.FirstNonFiniteGradient(\"Discriminator\", discriminator);");
                using (w.Block("if (discriminatorFault is not null || !global::System.Double.IsFinite(discriminatorValue))"))
                {
                    w.Line("transaction.Rollback();");
                    w.Line("var discriminatorTerms = new global::System.Collections.Generic.Dictionary<string, double> { [\"" + DiscriminatorTermName(model) + "\"] = discriminatorValue };");
                    w.Line("return " + Training + ".NonFiniteGuard.NotApplied(steps, double.NaN, discriminatorTerms, discriminatorFault ?? \"" + DiscriminatorTermName(model) + "\", OnNonFinite);");
                }
            }
            w.Line("transaction.BeforeDiscriminatorStep();");
            w.Line("discriminatorOptimizer.step();");
            w.Line();
            w.Line("// 2. The members learn to fool the updated discriminator through a fresh forward of it; its parameters");
            w.Line("//    collect no gradient, so the members' step cannot move it.");
        }
        foreach (var m in model.TrainedMembers)
            w.Line(ParameterBufferField(m.Name) + ".Zero();");
        if (model.Discriminator is not null)
        {
            using (w.Block("using (discriminatorGradients.Off())"))
                w.Line("loss = Terms(batch, outputs, discriminatorLoss);");
        }
        else
        {
            w.Line("loss = Terms(batch, outputs, null);");
        }
        w.Line("loss.Total.backward();");
        w.Line("total = " + Training + ".TensorReads.ToDouble(loss.Total);");
        w.Line();
        w.Line("// A NaN that reaches an optimizer corrupts its moments for good: check before anything is written, the loss");
        w.Line("// and every gradient (one reduction per member's buffer); which term or gradient it was is looked for only");
        w.Line("// when that fails.");
        using (w.Block("if (!global::System.Double.IsFinite(total)" + string.Concat(model.TrainedMembers.Select(m => " || !" + ParameterBufferField(m.Name) + ".AllFinite()")) + ")"))
        {
            var gradients = model.TrainedMembers.Select(m => "?? " + Training + ".NonFiniteGuard.FirstNonFiniteGradient(\"" + m.Name + "\", " + MemberField(m.Name) + ")").ToList();
            if (gradients.Count == 0) w.Line("var fault = " + Training + ".NonFiniteGuard.FirstNonFiniteTerm(loss);");
            else w.Line("var fault = " + Training + ".NonFiniteGuard.FirstNonFiniteTerm(loss)", gradients.Take(gradients.Count - 1).Append(gradients[gradients.Count - 1] + ";"));
            using (w.Block("if (fault is not null)"))
            {
                w.Line("transaction.Rollback();");
                w.Line("return " + Training + ".NonFiniteGuard.NotApplied(steps, total, loss.ToDoubles(), fault, OnNonFinite);");
            }
        }
        w.Line("// Running statistics are state too: a finite loss can come with an overflowed variance.");
        using (w.Block("if (transaction.FirstNonFiniteBuffer() is { } bufferFault)"))
        {
            w.Line("transaction.Rollback();");
            w.Line("return " + Training + ".NonFiniteGuard.NotApplied(steps, total, loss.ToDoubles(), bufferFault, OnNonFinite);");
        }
    }

    /// <summary>The update, once every check has passed: clipping, the members' optimizers, the counter, the result.</summary>
    private static void EmitUpdate(SourceWriter w, SystemModel model)
    {
        w.Line();
        foreach (var m in model.TrainedMembers.Where(m => m.GradientClipNorm > 0))
            w.Line(Torch + ".nn.utils.clip_grad_norm_(" + MemberField(m.Name) + ".parameters(), " + DoubleLiteral(m.GradientClipNorm) + ");");
        foreach (var m in model.TrainedMembers)
            w.Line(OptimizerField(m.Name) + ".step();");
        w.Line("steps++;");
        w.Line();
        w.Line("var terms = loss.ToDoubles();");
        w.Line("var warnings = " + Training + ".MagnitudeChecks.Find(terms, CrossTermTasks);");
        using (w.Block("foreach (var warning in warnings)"))
            w.Line("OverRegularized?.Invoke(this, warning);");
        w.Line("return new " + Training + ".StepResult(steps, total, terms, warnings);");
    }
}
