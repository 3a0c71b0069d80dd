using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The class skeleton of a generated training system, and where to find the rest: the fields, the constructor
/// (members, optimizers, parameter buffers, the step transaction), the properties, the Batch and Outputs records and
/// Dispose are written here, in the order the file has them; each method with an idea of its own is written by its
/// emitter — <see cref="StepEmitter"/> (Loss and Step: the training algorithm), <see cref="ForwardPassEmitter"/>
/// (RunMembers and Evaluate), <see cref="CrossTermEmitter"/> (the loss terms' formulas), <see cref="BatchValidationEmitter"/>,
/// <see cref="CheckpointEmitter"/>, <see cref="TrainingControlsEmitter"/> and <see cref="LossGraphEmitter"/>. The
/// generated names follow <see cref="SystemNames"/>; the doc comments come from <see cref="SystemDocs"/>.
/// </summary>
internal static class SystemEmitter
{
    public static string Emit(SystemModel model) => SourceWriter.File(model.Namespace, w => EmitClass(w, model));

    private static void EmitClass(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>");
        w.Line(model.Members.Count == 1
            ? "/// A system of one member network; see <see cref=\"LossGraph\"/> for its terms."
            : "/// A system of " + model.Members.Count + " member networks trained jointly; see <see cref=\"LossGraph\"/> for its terms.");
        w.Line("/// </summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"DslCrossReg.Generators\", \"" + GeneratorVersion + "\")]");
        using (w.Block(model.Accessibility + " partial class " + model.ClassName + " : " + SystemInterface(model.ClassName) + ", " + Training + ".ITrainingControls"))
        {
            EmitFields(w, model);
            w.Line();
            EmitConstructor(w, model);
            w.Line();
            EmitProperties(w, model);
            w.Line();
            EmitRecords(w, model);
            w.Line();
            StepEmitter.EmitLoss(w, model);
            w.Line();
            StepEmitter.EmitStep(w, model);
            w.Line();
            ForwardPassEmitter.EmitEvaluate(w, model);
            w.Line();
            ForwardPassEmitter.EmitRunMembers(w, model);
            w.Line();
            if (model.Discriminator is not null)
            {
                CrossTermEmitter.EmitDiscriminator(w, model);
                w.Line();
            }
            CrossTermEmitter.EmitTerms(w, model);
            w.Line();
            BatchValidationEmitter.EmitValidate(w, model);
            w.Line();
            CheckpointEmitter.EmitCheckpoints(w, model);
            w.Line();
            TrainingControlsEmitter.EmitTrainingControls(w, model);
            w.Line();
            EmitDispose(w, model);
            w.Line();
            LossGraphEmitter.EmitLossGraph(w, model);
        }
    }

    /// <summary>
    /// What a system implements: the self-typed interface (which extends <c>ITrainingSystem&lt;Batch, Outputs&gt;</c>), so
    /// that a generic helper given the system infers the system's type, its Batch and its Outputs from it.
    /// </summary>
    internal static string SystemInterface(string self) => Training + ".ITrainingSystem<" + self + ", " + self + ".Batch, " + self + ".Outputs>";

    private static void EmitFields(SourceWriter w, SystemModel model)
    {
        foreach (var m in model.Members)
            w.Line("private readonly " + m.TypeName + " " + MemberField(m.Name) + ";");
        foreach (var m in model.TrainedMembers)
            w.Line("private readonly " + Optimizer + " " + OptimizerField(m.Name) + ";");
        foreach (var m in model.TrainedMembers)
            w.Line("private readonly " + Training + ".ParameterBuffer " + ParameterBufferField(m.Name) + ";");
        if (model.Discriminator is { } d)
        {
            w.Line("private readonly " + DiscriminatorType(d) + " discriminator;");
            w.Line("private readonly " + Optimizer + " discriminatorOptimizer;");
            w.Line("private readonly " + Training + ".ParameterBuffer discriminatorParameters;");
            w.Line("private readonly " + Training + ".GradientSwitch discriminatorGradients;");
        }
        w.Line("private readonly " + Training + ".StepTransaction transaction;");
        w.Line("private readonly " + Training + ".StepScope stepScope = new();");
        w.Line("private readonly " + Torch + ".Device device;");
        foreach (var m in model.Members.Where(m => m.Device is not null))
            w.Line("private readonly " + Torch + ".Device " + DeviceField(m) + ";");
        w.Line("private long steps;");
        w.Line("private bool disposed;");
        w.Line("private readonly double[] termScales = new double[] { " + string.Join(", ", TrainingControlsEmitter.ScaledTerms(model).Select(_ => "1.0")) + " };");
    }

    private static void EmitConstructor(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + SystemDocs.ConstructorSummary(model) + "</summary>");
        w.Line("/// <param name=\"seed\">Seeds TorchSharp's generator before any parameter is drawn.</param>");
        w.Line("/// <param name=\"device\">Where every module lives; the CPU when null.</param>");
        using (w.Block("public " + model.ClassName + "(long seed = 0, " + Torch + ".Device? device = null)"))
        {
            w.Line("this.device = device ?? " + Torch + ".CPU;");
            w.Line(Torch + ".manual_seed(seed);");
            foreach (var m in model.Members)
            {
                w.Line(MemberField(m.Name) + " = new " + m.TypeName + "();");
                if (m.Device is not null) w.Line(DeviceField(m) + " = " + Torch + ".device(\"" + m.Device + "\");");
                w.Line("global::TorchSharp.ModuleExtensionMethods.to(" + MemberField(m.Name) + ", " + (m.Device is null ? "this.device" : DeviceField(m)) + ");");
                if (m.Frozen)
                {
                    w.Line("// Frozen: evaluated only, never trained, so it neither keeps nor receives gradients.");
                    w.Line(MemberField(m.Name) + ".eval();");
                    using (w.Block("foreach (var parameter in " + MemberField(m.Name) + ".parameters())"))
                        w.Line("parameter.requires_grad = false;");
                }
            }
            if (model.Discriminator is { } d)
            {
                w.Line("discriminator = " + (d.TypeName is null ? "new " + Training + ".DefaultDiscriminator(" + Integer(d.Width) + ")" : "new " + d.TypeName + "()") + ";");
                w.Line("global::TorchSharp.ModuleExtensionMethods.to(discriminator, this.device);");
            }
            // Each trained module's parameters and gradients move into one contiguous buffer, and its optimizer updates
            // that buffer: one update, one zeroing and one finiteness check per buffer instead of per parameter.
            foreach (var m in model.TrainedMembers)
            {
                w.Line(ParameterBufferField(m.Name) + " = new " + Training + ".ParameterBuffer(" + MemberField(m.Name) + ");");
                w.Line(OptimizerField(m.Name) + " = " + Training + ".Optimizers.Create(global::DslCrossReg.OptimizerKind." + m.Optimizer + ", "
                       + ParameterBufferField(m.Name) + ".Flat, " + DoubleLiteral(m.LearningRate) + ", " + DoubleLiteral(m.WeightDecay) + ", " + DoubleLiteral(m.Momentum) + ");");
            }
            if (model.Discriminator is { } disc)
            {
                w.Line("discriminatorParameters = new " + Training + ".ParameterBuffer(discriminator);");
                w.Line("discriminatorGradients = new " + Training + ".GradientSwitch(discriminator);");
                w.Line("discriminatorOptimizer = " + Training + ".Optimizers.Create(global::DslCrossReg.OptimizerKind." + disc.Optimizer + ", discriminatorParameters.Flat, " + DoubleLiteral(disc.LearningRate)
                       + (OptimizerDefaults.WeightDecay(disc.Optimizer) == 0 ? string.Empty : ", " + DoubleLiteral(OptimizerDefaults.WeightDecay(disc.Optimizer))) + ");");
            }
            // What a step changes before it knows it will be applied, so that a refused step can put it back.
            var trained = model.TrainedMembers.Select(m => "(\"" + m.Name + "\", (" + Torch + ".nn.Module)" + MemberField(m.Name) + ")").ToList();
            if (model.Discriminator is not null) trained.Add("(\"Discriminator\", discriminator)");
            // [CrossTerm] methods are user code, which may draw random numbers: the generator is then captured on every step.
            w.Line("transaction = new " + Training + ".StepTransaction(new (string, " + Torch + ".nn.Module)[] { " + string.Join(", ", trained) + " }"
                   + (model.CustomTerms.Count > 0 ? ", randomTerms: true" : string.Empty)
                   + (model.Discriminator is null ? string.Empty : ", discriminatorParameters, discriminatorOptimizer") + ");");
        }
    }

    private static void EmitProperties(SourceWriter w, SystemModel model)
    {
        foreach (var m in model.Members)
        {
            w.Line("/// <summary>" + SystemDocs.MemberPropertyDoc(model, m) + "</summary>");
            w.Line(m.PropertyAccessibility + " partial " + m.TypeName + " " + m.Name + " => " + MemberField(m.Name) + ";");
            w.Line();
        }
        if (model.Discriminator is { PropertyName: { } name, TypeName: { } type } disc)
        {
            w.Line("/// <summary>The discriminator of " + SystemDocs.Names(model.Terms.Where(t => t.Method == CrossMethod.Adversarial).Select(t => t.Name)) + " (one logit per embedding), trained in its own phase of Step on detached embeddings ("
                   + SystemDocs.OptimizerDoc(disc) + ").</summary>");
            w.Line(disc.PropertyAccessibility + " partial " + type + " " + name + " => discriminator;");
            w.Line();
        }
        w.Line("/// <summary>Whether Step, Loss and Evaluate refuse inputs (and Step and Loss float targets) holding NaN or infinities (one reduction per field).</summary>");
        w.Line("public bool CheckInputsFinite { get; set; }");
        w.Line();
        w.Line("/// <summary>What Step does when a loss term or gradient is not finite: skip the update (default) or throw.</summary>");
        w.Line("public " + Training + ".NonFinitePolicy OnNonFinite { get; set; }");
        w.Line();
        w.Line("/// <summary>The number of steps taken.</summary>");
        w.Line("public long StepCount => steps;");
        w.Line();
        w.Line("/// <summary>The device every module lives on.</summary>");
        w.Line("public " + Torch + ".Device Device => device;");
        w.Line();
        w.Line(model.ClassName + " " + SystemInterface(model.ClassName) + ".Self => this;");
        w.Line();
        w.Line(model.Terms.Count + model.CustomTerms.Count == 0
            ? "/// <summary>Raised when a cross term outweighs its task losses by more than 10×; never here, as this system has no cross term.</summary>"
            : "/// <summary>Raised when a cross term outweighs the task losses it accompanies by more than 10×: a term that large makes the members neglect their own tasks.</summary>");
        w.Line("public event global::System.EventHandler<" + Training + ".MagnitudeWarning>? OverRegularized;");
    }

    private static void EmitRecords(SourceWriter w, SystemModel model)
    {
        var fields = new List<string>();
        var docs = new List<string>();
        if (model.SharedInput)
        {
            fields.Add(Tensor + " Input");
            docs.Add("<param name=\"Input\">The input every member reads (" + SystemDocs.Names(model.Members.Select(m => m.Name)) + "): " + SystemDocs.InputDoc(model.Members[0]) + ".</param>");
        }
        else
        {
            foreach (var m in model.Members)
            {
                fields.Add(Tensor + " " + m.Name);
                docs.Add("<param name=\"" + m.Name + "\">" + m.Name + "'s input (" + ShortTypeName(m.TypeName) + "): " + SystemDocs.InputDoc(m) + ".</param>");
            }
        }
        foreach (var m in model.TaskedMembers)
        {
            fields.Add(Tensor + "? " + m.Name + "Target = null");
            docs.Add("<param name=\"" + m.Name + "Target\">" + SystemDocs.TargetDoc(model, m) + "</param>");
        }
        if (model.NeedsPairLabel)
        {
            fields.Add(Tensor + "? PairLabel = null");
            docs.Add("<param name=\"PairLabel\">" + SystemDocs.PairLabelDoc(model) + "</param>");
        }
        w.Line("/// <summary>" + SystemDocs.BatchSummary(model) + "</summary>");
        foreach (var d in docs) w.Line("/// " + d);
        w.Line("public sealed record Batch(" + string.Join(", ", fields) + ");");
        w.Line();
        w.Line("/// <summary>" + SystemDocs.OutputsSummary(model) + "</summary>");
        foreach (var m in model.Members) w.Line("/// <param name=\"" + m.Name + "\">" + SystemDocs.MemberOutputDoc(m) + "</param>");
        if (model.OutputNorm is not null)
            foreach (var m in model.Members) w.Line("/// <param name=\"" + NormalizedProperty(m.Name) + "\">" + SystemDocs.NormalizedDoc(model, m) + "</param>");
        var outputs = model.Members.Select(m => m.TypeName + ".Output " + m.Name);
        if (model.OutputNorm is not null) outputs = outputs.Concat(model.Members.Select(m => Tensor + " " + NormalizedProperty(m.Name)));
        w.Line("public sealed record Outputs(" + string.Join(", ", outputs) + ");");
    }

    private static void EmitDispose(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + SystemDocs.DisposeSummary(model) + "</summary>");
        using (w.Block("public void Dispose()"))
        {
            w.Line("if (disposed) return;");
            w.Line("disposed = true;");
            w.Line("transaction.Dispose();");
            foreach (var m in model.TrainedMembers) w.Line(OptimizerField(m.Name) + ".Dispose();");
            foreach (var m in model.TrainedMembers) w.Line(ParameterBufferField(m.Name) + ".Dispose();");
            foreach (var m in model.Members) w.Line(MemberField(m.Name) + ".Dispose();");
            if (model.Discriminator is not null)
            {
                w.Line("discriminatorOptimizer.Dispose();");
                w.Line("discriminatorParameters.Dispose();");
                w.Line("discriminator.Dispose();");
            }
        }
    }

    internal static readonly string GeneratorVersion = typeof(SystemEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
}
