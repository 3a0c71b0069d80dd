using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// Writes a system's training code from its model: members and optimizers, the Batch record, the named loss graph,
/// and a Step whose orderings are the ones hand-written multi-network loops commonly get wrong — zero every optimizer, detach
/// teachers and references, step a discriminator on detached embeddings before the members see it, one backward.
/// </summary>
internal static partial class SystemEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string Torch = "global::TorchSharp.torch";
    private const string Training = "global::DslCrossReg.Training";
    private const string Losses = "global::DslCrossReg.Losses";
    private const string Optimizer = "global::TorchSharp.torch.optim.Optimizer";
    // Argument exceptions whose message is the sentence alone, without .NET's " (Parameter 'name')" line.
    private const string Arguments = "global::DslCrossReg.ArgumentErrors";

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
            EmitLoss(w, model);
            w.Line();
            EmitStep(w, model);
            w.Line();
            EmitEvaluate(w, model);
            w.Line();
            EmitRunMembers(w, model);
            w.Line();
            if (model.Discriminator is not null)
            {
                EmitDiscriminator(w, model);
                w.Line();
            }
            EmitTerms(w, model);
            w.Line();
            EmitValidate(w, model);
            w.Line();
            EmitCheckpoints(w, model);
            w.Line();
            EmitTrainingControls(w, model);
            w.Line();
            EmitDispose(w, model);
            w.Line();
            EmitLossGraph(w, model);
        }
    }

    /// <summary>
    /// The placeholder of a system whose declaration has an error (the analyzer reports it at its cause): the class
    /// with the public surface of a system, its Batch and Outputs records and an implementation of every partial
    /// property, so that code using it still compiles; creating the system throws.
    /// </summary>
    public static string EmitShell(SystemShell shell) => SourceWriter.File(shell.Namespace, w => w.Nested(shell.ContainingTypes, () => EmitShellClass(w, shell)));

    private static void EmitShellClass(SourceWriter w, SystemShell shell)
    {
        const string Throw = " => throw new global::System.InvalidOperationException(SystemPlaceholderError);";
        const string Placeholder = "/// <summary>Throws: the declaration has an error.</summary>";
        w.Line("/// <summary>");
        w.Line("/// Placeholder: " + SourceWriter.DocText(shell.Reason));
        w.Line("/// </summary>");
        // The module of a class that is also a network carries the attribute already.
        if (!shell.PropertiesOnly) w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"DslCrossReg.Generators\", \"" + GeneratorVersion + "\")]");
        // No accessibility: the user's part says it (a nested placeholder may be private), and parts must agree.
        string self = shell.ClassName + shell.TypeParameters;
        using (w.Block("partial class " + self + (shell.PropertiesOnly ? string.Empty : " : " + SystemInterface(self))))
        {
            w.Line("private const string SystemPlaceholderError = " + SourceWriter.Literal(shell.Reason) + ";");
            if (!shell.PropertiesOnly)
            {
                w.Line();
                w.Line(Placeholder);
                w.Line("public " + shell.ClassName + "(long seed = 0, " + Torch + ".Device? device = null)" + Throw);
            }
            foreach (var p in shell.PartialProperties)
            {
                w.Line();
                w.Line(Placeholder);
                w.Line(p.Modifiers + " " + p.TypeName + " " + p.Name + " { " + string.Join(" ", p.Accessors.Select(a => a + " " + Throw.TrimStart())) + " }");
            }
            if (shell.PropertiesOnly) return;
            // The public surface of a system, each member documented as what it is here: a placeholder.
            w.Line();
            w.Line("/// <summary>Unused: the declaration has an error.</summary>");
            w.Line("public bool CheckInputsFinite { get; set; }");
            w.Line();
            w.Line("/// <summary>Unused: the declaration has an error.</summary>");
            w.Line("public " + Training + ".NonFinitePolicy OnNonFinite { get; set; }");
            foreach (var line in new[] { "public long StepCount" + Throw, "public " + Torch + ".Device Device" + Throw })
            {
                w.Line();
                w.Line(Placeholder);
                w.Line(line);
            }
            w.Line();
            w.Line("/// <summary>Never raised: the declaration has an error.</summary>");
            w.Line("public event global::System.EventHandler<" + Training + ".MagnitudeWarning>? OverRegularized { add { } remove { } }");
            w.Line();
            var fields = shell.SharedInput
                ? new List<string> { Tensor + " Input" }
                : shell.Members.Select(m => Tensor + " " + m.Name).ToList();
            fields.AddRange(shell.Members.Where(m => m.HasTarget).Select(m => Tensor + "? " + m.Name + "Target = null"));
            if (shell.PairLabel) fields.Add(Tensor + "? PairLabel = null");
            w.Line("/// <summary>The batch of a system whose declaration has an error: its fields as far as they can be read, shapes unknown.</summary>");
            foreach (var field in fields) ShellParameterDoc(w, field);
            w.Line("public sealed record Batch(" + string.Join(", ", fields) + ");");
            w.Line();
            var outputs = shell.Members.Where(m => m.OutputType is not null).ToList();
            var outputFields = outputs.Select(m => m.OutputType + " " + m.Name)
                .Concat(shell.OutputNorm ? outputs.Select(m => Tensor + " " + Normalized(m.Name)) : Enumerable.Empty<string>()).ToList();
            w.Line("/// <summary>The outputs of a system whose declaration has an error: its members' as far as they can be read.</summary>");
            foreach (var field in outputFields) ShellParameterDoc(w, field);
            w.Line("public sealed record Outputs(" + string.Join(", ", outputFields) + ");");
            foreach (var line in new[]
            {
                "public " + Training + ".LossBreakdown Loss(Batch batch)" + Throw,
                "public " + Training + ".StepResult Step(Batch batch)" + Throw,
                "public Outputs Evaluate(Batch batch)" + Throw,
                "public void Save(string path, bool includeFrozenMembers = true)" + Throw,
                "public void Load(string path)" + Throw,
                "public global::System.Collections.Generic.IReadOnlyDictionary<string, double> DeclaredLearningRates" + Throw,
                "public global::System.Collections.Generic.IReadOnlyDictionary<string, double> DeclaredTermWeights" + Throw,
                "public double GetLearningRate(string member)" + Throw,
                "public void SetLearningRate(string member, double learningRate)" + Throw,
                "public double GetTermWeightScale(string term)" + Throw,
                "public void SetTermWeightScale(string term, double scale)" + Throw,
            })
            {
                w.Line();
                w.Line(Placeholder);
                w.Line(line);
            }
            w.Line();
            w.Line("/// <summary>Frees nothing: a placeholder holds nothing.</summary>");
            w.Line("public void Dispose() { }");
            w.Line();
            w.Line(self + " " + SystemInterface(self) + ".Self => this;");
            w.Line();
            w.Line("/// <summary>A one-node Mermaid graph that says the declaration has an error.</summary>");
            w.Line("public static string LossGraph { get; } = " + SourceWriter.Literal("flowchart LR\n    placeholder[\"" + shell.ClassName + ": the declaration has an error\"]\n") + ";");
        }
    }

    /// <summary>The doc of one positional field of a placeholder record, from its declaration (<c>Type Name = null</c>).</summary>
    private static void ShellParameterDoc(SourceWriter w, string field)
    {
        string declaration = field.EndsWith(" = null", System.StringComparison.Ordinal) ? field.Substring(0, field.Length - " = null".Length) : field;
        string name = declaration.Substring(declaration.LastIndexOf(' ') + 1);
        w.Line("/// <param name=\"" + name + "\">" + name + " (the declaration has an error).</param>");
    }

    /// <summary>
    /// What a system implements: the self-typed interface (which extends <c>ITrainingSystem&lt;Batch, Outputs&gt;</c>), so
    /// that a generic helper given the system infers the system's type, its Batch and its Outputs from it.
    /// </summary>
    private static string SystemInterface(string self) => Training + ".ITrainingSystem<" + self + ", " + self + ".Batch, " + self + ".Outputs>";

    private static IEnumerable<MemberModel> Trainable(SystemModel model) => model.Members.Where(m => !m.Frozen);

    private static bool NeedsPairLabel(SystemModel model)
        => model.Terms.Any(t => t.Method == CrossMethod.Contrastive && t.Form != CrossForm.InfoNce);

    private static void EmitFields(SourceWriter w, SystemModel model)
    {
        foreach (var m in model.Members)
            w.Line("private readonly " + m.TypeName + " " + Field(m.Name) + ";");
        foreach (var m in Trainable(model))
            w.Line("private readonly " + Optimizer + " " + Field(m.Name) + "Optimizer;");
        foreach (var m in Trainable(model))
            w.Line("private readonly " + Training + ".ParameterBuffer " + Field(m.Name) + "Parameters;");
        if (model.Discriminator is { } d)
        {
            w.Line("private readonly " + DiscriminatorType(d) + " discriminator;");
            w.Line("private readonly " + Optimizer + " discriminatorOptimizer;");
            w.Line("private readonly " + Training + ".ParameterBuffer discriminatorParameters;");
        }
        w.Line("private readonly " + Training + ".StepTransaction transaction;");
        w.Line("private readonly " + Torch + ".Device device;");
        foreach (var m in model.Members.Where(m => m.Device is not null))
            w.Line("private readonly " + Torch + ".Device " + DeviceOf(m) + ";");
        w.Line("private long steps;");
        w.Line("private bool disposed;");
        w.Line("private readonly double[] termScales = new double[] { " + string.Join(", ", ScaledTerms(model).Select(_ => "1.0")) + " };");
    }

    private static void EmitConstructor(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + ConstructorSummary(model) + "</summary>");
        w.Line("/// <param name=\"seed\">Seeds TorchSharp's generator before any parameter is drawn.</param>");
        w.Line("/// <param name=\"device\">Where every module lives; the CPU when null.</param>");
        using (w.Block("public " + model.ClassName + "(long seed = 0, " + Torch + ".Device? device = null)"))
        {
            w.Line("this.device = device ?? " + Torch + ".CPU;");
            w.Line(Torch + ".manual_seed(seed);");
            foreach (var m in model.Members)
            {
                w.Line(Field(m.Name) + " = new " + m.TypeName + "();");
                if (m.Device is not null) w.Line(DeviceOf(m) + " = " + Torch + ".device(\"" + m.Device + "\");");
                w.Line("global::TorchSharp.ModuleExtensionMethods.to(" + Field(m.Name) + ", " + (m.Device is null ? "this.device" : DeviceOf(m)) + ");");
                if (m.Frozen)
                {
                    w.Line("// Frozen: evaluated only, never trained, so it neither keeps nor receives gradients.");
                    w.Line(Field(m.Name) + ".eval();");
                    using (w.Block("foreach (var parameter in " + Field(m.Name) + ".parameters())"))
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
            foreach (var m in Trainable(model))
            {
                w.Line(Field(m.Name) + "Parameters = new " + Training + ".ParameterBuffer(" + Field(m.Name) + ");");
                w.Line(Field(m.Name) + "Optimizer = " + Training + ".Optimizers.Create(global::DslCrossReg.OptimizerKind." + m.Optimizer + ", "
                       + Field(m.Name) + "Parameters.Flat, " + DoubleLiteral(m.LearningRate) + ", " + DoubleLiteral(m.WeightDecay) + ", " + DoubleLiteral(m.Momentum) + ");");
            }
            if (model.Discriminator is { } disc)
            {
                w.Line("discriminatorParameters = new " + Training + ".ParameterBuffer(discriminator);");
                w.Line("discriminatorOptimizer = " + Training + ".Optimizers.Create(global::DslCrossReg.OptimizerKind." + disc.Optimizer + ", discriminatorParameters.Flat, " + DoubleLiteral(disc.LearningRate)
                       + (OptimizerDefaults.WeightDecay(disc.Optimizer) == 0 ? string.Empty : ", " + DoubleLiteral(OptimizerDefaults.WeightDecay(disc.Optimizer))) + ");");
            }
            // What a step changes before it knows it will be applied, so that a refused step can put it back.
            var trained = Trainable(model).Select(m => "(\"" + m.Name + "\", (" + Torch + ".nn.Module)" + Field(m.Name) + ")").ToList();
            if (model.Discriminator is not null) trained.Add("(\"Discriminator\", discriminator)");
            w.Line("transaction = new " + Training + ".StepTransaction(new (string, " + Torch + ".nn.Module)[] { " + string.Join(", ", trained) + " }"
                   + (model.Discriminator is null ? string.Empty : ", discriminatorParameters, discriminatorOptimizer") + ");");
        }
    }

    private static void EmitProperties(SourceWriter w, SystemModel model)
    {
        foreach (var m in model.Members)
        {
            w.Line("/// <summary>" + MemberPropertyDoc(model, m) + "</summary>");
            w.Line(m.PropertyAccessibility + " partial " + m.TypeName + " " + m.Name + " => " + Field(m.Name) + ";");
            w.Line();
        }
        if (model.Discriminator is { PropertyName: { } name, TypeName: { } type } disc)
        {
            w.Line("/// <summary>The discriminator of " + Names(model.Terms.Where(t => t.Method == CrossMethod.Adversarial).Select(t => t.Name)) + " (one logit per embedding), trained in its own phase of Step on detached embeddings ("
                   + OptimizerDoc(disc) + ").</summary>");
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
            docs.Add("<param name=\"Input\">The input every member reads (" + Names(model.Members.Select(m => m.Name)) + "): " + InputDoc(model.Members[0]) + ".</param>");
        }
        else
        {
            foreach (var m in model.Members)
            {
                fields.Add(Tensor + " " + m.Name);
                docs.Add("<param name=\"" + m.Name + "\">" + m.Name + "'s input (" + Short(m.TypeName) + "): " + InputDoc(m) + ".</param>");
            }
        }
        foreach (var m in model.Members.Where(m => m.Task != TaskLoss.None))
        {
            fields.Add(Tensor + "? " + m.Name + "Target = null");
            docs.Add("<param name=\"" + m.Name + "Target\">" + TargetDoc(model, m) + "</param>");
        }
        if (NeedsPairLabel(model))
        {
            fields.Add(Tensor + "? PairLabel = null");
            docs.Add("<param name=\"PairLabel\">" + PairLabelDoc(model) + "</param>");
        }
        w.Line("/// <summary>" + BatchSummary(model) + "</summary>");
        foreach (var d in docs) w.Line("/// " + d);
        w.Line("public sealed record Batch(" + string.Join(", ", fields) + ");");
        w.Line();
        w.Line("/// <summary>" + OutputsSummary(model) + "</summary>");
        foreach (var m in model.Members) w.Line("/// <param name=\"" + m.Name + "\">" + MemberOutputDoc(m) + "</param>");
        if (model.OutputNorm is not null)
            foreach (var m in model.Members) w.Line("/// <param name=\"" + Normalized(m.Name) + "\">" + NormalizedDoc(model, m) + "</param>");
        var outputs = model.Members.Select(m => m.TypeName + ".Output " + m.Name);
        if (model.OutputNorm is not null) outputs = outputs.Concat(model.Members.Select(m => Tensor + " " + Normalized(m.Name)));
        w.Line("public sealed record Outputs(" + string.Join(", ", outputs) + ");");
    }

    private static void EmitLoss(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + LossSummary(model) + "</summary>");
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

    private static void EmitStep(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>");
        foreach (var paragraph in StepDocs(model)) w.Line("/// <para>" + paragraph + "</para>");
        w.Line("/// <para>Every tensor it creates is freed before it returns. The step is all or nothing: the batch is validated");
        w.Line("/// first, and a step refused later (a non-finite loss or gradient, an exception) puts back what it had changed");
        w.Line("/// (" + (model.Discriminator is null ? string.Empty : "the discriminator's update, ") + "buffers such as BatchNorm statistics, the random generator), so parameters, optimizer states and the step");
        w.Line("/// counter are as before.</para>");
        w.Line("/// </summary>");
        using (w.Block("public " + Training + ".StepResult Step(Batch batch)"))
        {
            w.Line("global::System.ObjectDisposedException.ThrowIf(disposed, this);");
            w.Line("Validate(batch, targets: true);");
            w.Line("using var scope = " + Torch + ".NewDisposeScope();");
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
            w.Line("var discriminatorValue = global::TorchSharp.TensorExtensionMethods.ToDouble(discriminatorLoss);");
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
        foreach (var m in Trainable(model))
            w.Line(Field(m.Name) + "Parameters.Zero();");
        if (model.Discriminator is not null)
        {
            using (w.Block("using (" + Training + ".Gradients.Disabled(discriminator))"))
                w.Line("loss = Terms(batch, outputs, discriminatorLoss);");
        }
        else
        {
            w.Line("loss = Terms(batch, outputs, null);");
        }
        w.Line("loss.Total.backward();");
        w.Line("total = global::TorchSharp.TensorExtensionMethods.ToDouble(loss.Total);");
        w.Line();
        w.Line("// A NaN that reaches an optimizer corrupts its moments for good: check before anything is written, the loss");
        w.Line("// and every gradient (one reduction per member's buffer); which term or gradient it was is looked for only");
        w.Line("// when that fails.");
        using (w.Block("if (!global::System.Double.IsFinite(total)" + string.Concat(Trainable(model).Select(m => " || !" + Field(m.Name) + "Parameters.AllFinite()")) + ")"))
        {
            var gradients = Trainable(model).Select(m => "?? " + Training + ".NonFiniteGuard.FirstNonFiniteGradient(\"" + m.Name + "\", " + Field(m.Name) + ")").ToList();
            if (gradients.Count == 0) w.Line("var fault = " + Training + ".NonFiniteGuard.FirstNonFiniteTerm(loss);");
            else w.Lines("var fault = " + Training + ".NonFiniteGuard.FirstNonFiniteTerm(loss)", gradients.Take(gradients.Count - 1).Append(gradients[gradients.Count - 1] + ";"));
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
        foreach (var m in Trainable(model).Where(m => m.GradientClipNorm > 0))
            w.Line(Torch + ".nn.utils.clip_grad_norm_(" + Field(m.Name) + ".parameters(), " + DoubleLiteral(m.GradientClipNorm) + ");");
        foreach (var m in Trainable(model))
            w.Line(Field(m.Name) + "Optimizer.step();");
        w.Line("steps++;");
        w.Line();
        w.Line("var terms = loss.ToDoubles();");
        w.Line("var warnings = " + Training + ".MagnitudeChecks.Find(terms, CrossTermTasks);");
        using (w.Block("foreach (var warning in warnings)"))
            w.Line("OverRegularized?.Invoke(this, warning);");
        w.Line("return new " + Training + ".StepResult(steps, total, terms, warnings);");
    }

    private static void EmitEvaluate(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + EvaluateSummary(model) + "</summary>");
        using (w.Block("public Outputs Evaluate(Batch batch)"))
        {
            w.Line("Validate(batch, targets: false);");
            w.Line("var training = new[] { " + string.Join(", ", model.Members.Select(m => Field(m.Name) + ".training")) + " };");
            foreach (var m in model.Members) w.Line(Field(m.Name) + ".eval();");
            using (w.Block("try"))
            {
                w.Line("using var noGrad = " + Torch + ".no_grad();");
                w.Line("return RunMembers(batch);");
            }
            using (w.Block("finally"))
            {
                int i = 0;
                foreach (var m in model.Members) w.Line(Field(m.Name) + ".train(training[" + Integer(i++) + "]);");
            }
        }
    }

    private static void EmitRunMembers(SourceWriter w, SystemModel model)
    {
        using (w.Block("private Outputs RunMembers(Batch batch)"))
        {
            foreach (var m in model.Members)
            {
                string input = model.SharedInput
                    ? (m.Device is null ? "batch.Input" : Training + ".Devices.To(batch.Input, " + DeviceOf(m) + ")")
                    : "batch." + m.Name;
                if (m.Frozen)
                {
                    w.Line(m.TypeName + ".Output " + Local(m.Name) + ";");
                    using (w.Block("using (" + Torch + ".no_grad())"))
                        w.Line(Local(m.Name) + " = " + Field(m.Name) + ".call(" + input + ");");
                }
                else
                {
                    w.Line("var " + Local(m.Name) + " = " + Field(m.Name) + ".call(" + input + ");");
                }
            }
            var results = model.Members.Select(m => Local(m.Name)).ToList();
            switch (model.OutputNorm)
            {
                case NormMethod.SharedStandardize:
                    w.Line("// Statistics pooled over every member's output, per sample, and applied to each: shared for real.");
                    w.Line("var normalised = " + Losses + ".Normalizers.SharedStandardize(new[] { " + string.Join(", ", model.Members.Select(m => Local(m.Name) + ".Result")) + " }, "
                           + Losses + ".SharedStatistics.PerSample, " + DoubleLiteral(model.NormEpsilon) + ");");
                    results.AddRange(model.Members.Select((_, i) => "normalised[" + Integer(i) + "]"));
                    break;
                case NormMethod.Range:
                case NormMethod.Standardize:
                    results.AddRange(model.Members.Select(m => Losses + ".Normalizers." + model.OutputNorm + "(" + Local(m.Name) + ".Result, " + DoubleLiteral(model.NormEpsilon) + ")"));
                    break;
            }
            w.Line("return new Outputs(" + string.Join(", ", results) + ");");
        }
    }

    /// <summary>The Outputs property holding a member's Result as the task losses see it, on an [OutputNorm] system.</summary>
    private static string Normalized(string member) => member + "Normalized";

    private static void EmitDiscriminator(SourceWriter w, SystemModel model)
    {
        var d = model.Discriminator!;
        using (w.Block("private " + Tensor + " Discriminate(" + Tensor + " embedding)"))
            w.Line("return discriminator.call(" + (MultiDevice(model) ? Training + ".Devices.To(embedding, device)" : "embedding") + ")" + (d.TypeName is null ? string.Empty : ".Result") + ";");
        w.Line();
        w.Line("/// <summary>The discriminator's loss, BCE with logits: label 0 for the first member's embeddings, 1 for the second's.</summary>");
        using (w.Block("private " + Tensor + " DiscriminatorLoss(Outputs outputs, bool detached)"))
        {
            var terms = model.Terms.Where(t => t.Method == CrossMethod.Adversarial).ToList();
            var parts = new List<string>();
            foreach (var t in terms)
            {
                string a = "outputs." + t.First + "." + t.TapProperty, b = "outputs." + t.Second + "." + t.TapProperty;
                parts.Add(Losses + ".AdversarialLosses.Discriminator(Discriminate(detached ? " + a + ".detach() : " + a + "), Discriminate(detached ? " + b + ".detach() : " + b + "))");
            }
            w.Lines("return " + parts[0] + (parts.Count == 1 ? ";" : string.Empty), parts.Skip(1).Select((p, i) => "+ " + p + (i == parts.Count - 2 ? ";" : string.Empty)));
        }
    }

    private static void EmitTerms(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>The named loss graph: task losses on (normalised) outputs plus every weighted cross term.</summary>");
        using (w.Block("private " + Training + ".LossBreakdown Terms(Batch batch, Outputs outputs, " + Tensor + "? discriminatorLoss)"))
        {
            w.Line("var terms = new global::System.Collections.Generic.Dictionary<string, " + Tensor + ">();");
            EmitNormalisedResults(w, model);
            var totals = new List<string>();
            foreach (var m in model.Members.Where(m => m.Task != TaskLoss.None))
            {
                string local = Plain(m.Name) + "Task";
                w.Line("var " + local + " = " + Training + ".TaskLosses.Compute(global::DslCrossReg.TaskLoss." + m.Task + ", " + Plain(m.Name) + "Result, batch." + m.Name + "Target!, \"" + m.Name + "Target\");");
                w.Line("terms.Add(\"" + m.Name + ".task\", " + local + ");");
                totals.Add(local);
            }
            int index = 0;
            foreach (var t in model.Terms)
            {
                string local = "term" + Integer(index++);
                w.Line("// " + t.Name + Describe(t));
                w.Line("var " + local + " = " + ScaledWeight(t.Weight, t.WarmupSteps, index - 1) + " * " + TermExpression(t, CrossesDevices(model, t)) + ";");
                w.Line("terms.Add(\"" + t.Name + "\", " + local + ");");
                totals.Add(local);
            }
            EmitCustomTerms(w, model, totals);
            if (model.Discriminator is not null)
            {
                foreach (var t in model.Terms.Where(t => t.Method == CrossMethod.Adversarial))
                    w.Line("// " + t.Name + ".discriminator is reported; the discriminator minimises it in its own step.");
                w.Line("if (discriminatorLoss is not null) terms.Add(\"" + DiscriminatorTermName(model) + "\", discriminatorLoss);");
            }
            // Members on other devices: the total is summed on the system's device.
            var addends = MultiDevice(model) ? totals.Select(t => Training + ".Devices.To(" + t + ", device)") : totals;
            w.Line("var total = " + (totals.Count == 0 ? Torch + ".zeros(new long[0], device: device)" : string.Join(" + ", addends)) + ";");
            w.Line("return new " + Training + ".LossBreakdown(total, terms);");
        }
    }

    private static void EmitNormalisedResults(SourceWriter w, SystemModel model)
    {
        // On an [OutputNorm] system the members' results were normalised with the outputs (RunMembers), so that
        // Evaluate returns them too.
        foreach (var m in model.Members.Where(m => m.Task != TaskLoss.None))
            w.Line("var " + Plain(m.Name) + "Result = outputs." + (model.OutputNorm is null ? m.Name + ".Result" : Normalized(m.Name)) + ";");
    }

    private static string Describe(TermModel t) => t.Method switch
    {
        CrossMethod.Distillation => ": the teacher's output is detached, so only " + t.Second + " learns from it.",
        CrossMethod.ParameterDistance or CrossMethod.OutputDisagreement => ": the reference " + t.First + " is detached, so only " + t.Second + " moves.",
        CrossMethod.Adversarial => ": each member is trained to be taken for the other.",
        _ => ": gradients reach both members.",
    };

    /// <summary>
    /// A term's weight as the step applies it: the declared weight (times the warm-up factor while it ramps) times the
    /// term's slot of <c>termScales</c>, which is 1 unless set, so a term left alone is as declared, bit for bit.
    /// </summary>
    private static string ScaledWeight(double weight, int warmupSteps, int slot)
        => (warmupSteps > 0 ? "(" + DoubleLiteral(weight) + " * " + Training + ".Warmup.Factor(steps, " + Integer(warmupSteps) + "))" : DoubleLiteral(weight))
           + " * termScales[" + Integer(slot) + "]";

    /// <summary>
    /// Every term with a slot in <c>termScales</c>, in slot order, with its declared weight: the built-in cross terms,
    /// then the custom ones.
    /// </summary>
    private static List<(string Name, double Weight)> ScaledTerms(SystemModel model)
        => model.Terms.Select(t => (t.Name, t.Weight)).Concat(model.CustomTerms.Select(c => (c.Name, c.Weight))).ToList();

    /// <param name="t">The term.</param>
    /// <param name="align">Whether the two members may live on different devices: the second member's tensors
    /// (and the pair labels) are then moved to the first's.</param>
    private static string TermExpression(TermModel t, bool align)
    {
        string Aligned(string tensor, string like) => align ? Training + ".Devices.Align(" + tensor + ", " + like + ")" : tensor;
        string a = "outputs." + t.First, b = "outputs." + t.Second;
        string tapA = a + "." + t.TapProperty, tapB = Aligned(b + "." + t.TapProperty, tapA);
        string resultA = a + ".Result", resultB = Aligned(b + ".Result", resultA);
        string labels = Aligned("batch.PairLabel!", tapA);
        return t.Method switch
        {
            CrossMethod.EmbeddingDistance => t.Form == CrossForm.Cosine
                ? Losses + ".EmbeddingLosses.CosineDistance(" + tapA + ", " + tapB + ", " + DoubleLiteral(t.Epsilon) + ")"
                : Losses + ".EmbeddingLosses.Distance(" + tapA + ", " + tapB + ")",
            CrossMethod.Contrastive => t.Form switch
            {
                CrossForm.Basic => Losses + ".ContrastiveLosses.Basic(" + tapA + ", " + tapB + ", " + labels + ", " + DoubleLiteral(t.Margin) + ")",
                CrossForm.Margin => Losses + ".ContrastiveLosses.Margin(" + tapA + ", " + tapB + ", " + labels + ", " + DoubleLiteral(t.Margin) + ")",
                CrossForm.Weighted => Losses + ".ContrastiveLosses.Weighted(" + tapA + ", " + tapB + ", " + labels + ", " + DoubleLiteral(t.PositiveWeight) + ", " + DoubleLiteral(t.NegativeWeight) + ", " + DoubleLiteral(t.Margin) + ")",
                _ => Losses + ".ContrastiveLosses.InfoNce(" + tapA + ", " + tapB + ", " + DoubleLiteral(t.Temperature) + ", " + DoubleLiteral(t.Epsilon) + ")",
            },
            CrossMethod.Distillation => t.Form == CrossForm.L2
                ? Losses + ".DistillationLosses.L2(" + tapB + ", " + tapA + ")"
                : Losses + ".DistillationLosses.Kl(" + resultB + ", " + resultA + ", " + DoubleLiteral(t.Temperature) + ")",
            CrossMethod.ParameterDistance => t.Form switch
            {
                CrossForm.ExpSimilarity => Losses + ".ParameterDistance.ExpSimilarity(" + Field(t.Second) + ", " + Field(t.First) + ", " + DoubleLiteral(t.Scale) + ")",
                CrossForm.CosineSimilarity => Losses + ".ParameterDistance.Cosine(" + Field(t.Second) + ", " + Field(t.First) + ", " + DoubleLiteral(t.Epsilon) + ")",
                _ => Losses + ".ParameterDistance.InverseL1(" + Field(t.Second) + ", " + Field(t.First) + ", " + DoubleLiteral(t.Epsilon) + ")",
            },
            CrossMethod.OutputDisagreement => t.Form == CrossForm.NegativeCrossEntropy
                ? Losses + ".OutputDisagreement.NegativeCrossEntropy(" + resultB + ", " + resultA + ", " + DoubleLiteral(t.Scale) + ")"
                : Losses + ".OutputDisagreement.InverseCrossEntropy(" + resultB + ", " + resultA + ", " + DoubleLiteral(t.Epsilon) + ")",
            _ => "(" + Losses + ".AdversarialLosses.FoolDiscriminator(Discriminate(" + tapA + "), fromA: true) + "
                 + Losses + ".AdversarialLosses.FoolDiscriminator(Discriminate(" + tapB + "), fromA: false))",
        };
    }

    private static void EmitValidate(SourceWriter w, SystemModel model)
    {
        using (w.Block("private void Validate(Batch batch, bool targets)"))
        {
            w.Line(Arguments + ".NotNull(batch);");
            var first = model.SharedInput ? "Input" : model.Members[0].Name;
            if (model.SharedInput)
            {
                var m = model.Members[0];
                w.Line(Training + ".BatchChecks.Input(\"Input\", batch.Input, \"" + Short(m.TypeName) + "\", " + m.TypeName + ".InputTensorShape, device);");
            }
            else
            {
                foreach (var m in model.Members)
                    w.Line(Training + ".BatchChecks.Input(\"" + m.Name + "\", batch." + m.Name + ", \"" + Short(m.TypeName) + "\", " + m.TypeName + ".InputTensorShape, " + (m.Device is null ? "device" : DeviceOf(m)) + ");");
            }
            w.Line("long size = batch." + first + ".shape[0];");
            w.Line(Training + ".BatchChecks.NotEmpty(\"" + first + "\", size);");
            w.Line("if (targets) transaction.RequireBatchStatistics(\"" + first + "\", size);");
            var inputFields = model.SharedInput ? new[] { "Input" } : model.Members.Select(m => m.Name).ToArray();
            w.Line("if (CheckInputsFinite) " + Training + ".BatchChecks.Finite(new (string, " + Tensor + "?)[] { "
                   + string.Join(", ", inputFields.Select(f => "(\"" + f + "\", batch." + f + ")")) + " });");

            if (!model.SharedInput)
                foreach (var m in model.Members.Skip(1))
                    w.Line(Training + ".BatchChecks.SameBatch(\"" + m.Name + "\", batch." + m.Name + ", \"" + first + "\", size);");
            var tasked = model.Members.Where(m => m.Task != TaskLoss.None).ToList();
            if (tasked.Count == 0 && !NeedsPairLabel(model)) return;
            w.Line("if (!targets) return;");
            foreach (var m in tasked)
                w.Line(Training + ".TaskLosses.Validate(global::DslCrossReg.TaskLoss." + m.Task + ", \"" + m.Name + "Target\", batch." + m.Name + "Target, size, new long[] { "
                       + string.Join(", ", m.Shapes.Output.Select(d => Integer(d))) + " }, " + (m.Device is null ? "device" : DeviceOf(m)) + ");");
            if (NeedsPairLabel(model))
                w.Line(Training + ".BatchChecks.PairLabels(\"PairLabel\", batch.PairLabel, size, device);");
            var floatTargets = tasked.Where(m => m.Task is TaskLoss.Mse or TaskLoss.Bce).ToList();
            if (floatTargets.Count > 0)
                w.Line("if (CheckInputsFinite) " + Training + ".BatchChecks.Finite(new (string, " + Tensor + "?)[] { "
                       + string.Join(", ", floatTargets.Select(m => "(\"" + m.Name + "Target\", batch." + m.Name + "Target)")) + " });");
        }
    }

    private static void EmitCheckpoints(SourceWriter w, SystemModel model)
    {
        const string Checkpoints = "global::DslCrossReg.Checkpoints";
        w.Line("/// <summary>A hash of this declaration (members, their networks, terms): a checkpoint of another declaration is refused.</summary>");
        w.Line("public const string DeclarationHash = \"" + DeclarationHash(model) + "\";");
        w.Line();
        w.Line("/// <summary>" + SaveSummary(model) + "</summary>");
        w.Line("public void Save(string path, bool includeFrozenMembers = true) => State().Save(path, includeFrozenMembers);");
        w.Line();
        w.Line("/// <summary>Loads a checkpoint of this system; a damaged or foreign file is refused and changes nothing.</summary>");
        w.Line("public void Load(string path) => State().Load(path);");
        w.Line();
        var modules = model.Members.Select(m => "(\"" + m.Name + "\", " + Field(m.Name) + ", " + (m.Frozen ? "true" : "false") + ")").ToList();
        var optimizers = Trainable(model).Select(m => "(\"" + m.Name + "\", " + Field(m.Name) + "Optimizer)").ToList();
        if (model.Discriminator is not null)
        {
            modules.Add("(\"Discriminator\", discriminator, false)");
            optimizers.Add("(\"Discriminator\", discriminatorOptimizer)");
        }
        using (w.Block("private " + Checkpoints + ".SystemState State()"))
        {
            w.Line("return new " + Checkpoints + ".SystemState(");
            w.Line("    \"" + model.ClassName + "\",");
            w.Line("    DeclarationHash,");
            w.Line("    new (string, global::TorchSharp.torch.nn.Module, bool)[] { " + string.Join(", ", modules) + " },");
            w.Line("    new (string, " + Optimizer + ")[] { " + string.Join(", ", optimizers) + " },");
            w.Line("    () => steps,");
            w.Line("    value => steps = value);");
        }
    }

    /// <summary>A stable FNV-1a hash of everything a checkpoint's contents depend on.</summary>
    private static string DeclarationHash(SystemModel model)
    {
        var text = new System.Text.StringBuilder(model.ClassName);
        foreach (var m in model.Members)
            text.Append('|').Append(m.Name).Append(':').Append(m.TypeName).Append(':').Append(m.Shapes.Topology).Append(':').Append(m.Optimizer).Append(':').Append(m.Frozen);
        foreach (var t in model.Terms)
            text.Append('|').Append(t.Name).Append(':').Append(t.Form);
        AppendCustomTerms(model, text);
        if (model.Discriminator is { } d) text.Append("|D:").Append(d.TypeName ?? "default").Append(':').Append(d.Width).Append(':').Append(d.Optimizer);
        ulong hash = 14695981039346656037UL;
        foreach (char c in text.ToString())
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What a training loop adjusts between steps (<c>ITrainingControls</c>): each optimizer's learning rate and a
    /// multiplier on each cross term's declared weight (1 by default, which leaves every value as declared, bit for
    /// bit), and the checkpoint state a loop saves its own position with.
    /// </summary>
    private static void EmitTrainingControls(SourceWriter w, SystemModel model)
    {
        const string Dictionary = "global::System.Collections.Generic.Dictionary<string, double>";
        const string ReadOnly = "global::System.Collections.Generic.IReadOnlyDictionary<string, double>";
        var optimized = Trainable(model).Select(m => (m.Name, Field: Field(m.Name) + "Optimizer", m.LearningRate)).ToList();
        if (model.Discriminator is { } d) optimized.Add(("Discriminator", "discriminatorOptimizer", d.LearningRate));
        w.Line("private static readonly " + ReadOnly + " DeclaredLearningRateTable = new " + Dictionary + " { "
               + string.Join(", ", optimized.Select(o => "[\"" + o.Name + "\"] = " + DoubleLiteral(o.LearningRate))) + " };");
        w.Line();
        var scaled = ScaledTerms(model);
        w.Line("private static readonly " + ReadOnly + " DeclaredTermWeightTable = new " + Dictionary + " { "
               + string.Join(", ", scaled.Select(t => "[\"" + Escape(t.Name) + "\"] = " + DoubleLiteral(t.Weight))) + " };");
        w.Line();
        string memberKeys = optimized.Count == 0 ? "none: every member is frozen" : "one of: " + Keys(optimized.Select(o => o.Name), string.Empty);
        string termKeys = scaled.Count == 0 ? "none: this system has no cross term" : "one of: " + Keys(scaled.Select(t => t.Name), string.Empty);
        w.Line("/// <summary>The declared learning rate of every optimizer, by name: " + Keys(optimized.Select(o => o.Name + " " + DoubleLiteral(o.LearningRate)), "none, every member is frozen") + ".</summary>");
        w.Line("public " + ReadOnly + " DeclaredLearningRates => DeclaredLearningRateTable;");
        w.Line();
        w.Line("/// <summary>The declared weight of every cross term, by its name in the loss breakdown: " + Keys(scaled.Select(t => t.Name + " " + DoubleLiteral(t.Weight)), "none, this system has no cross term") + ".</summary>");
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
                w.Line("default: throw " + Arguments + ".Invalid(\"'\" + member + \"' has no optimizer in " + model.ClassName + "; one of: " + Escape(string.Join(", ", optimized.Select(o => o.Name))) + ".\", nameof(member));");
            }
        }
        w.Line();
        using (w.Block("private static int TermIndex(string term)"))
        {
            using (w.Block("switch (term)"))
            {
                int i = 0;
                foreach (var t in scaled) w.Line("case \"" + Escape(t.Name) + "\": return " + Integer(i++) + ";");
                w.Line("default: throw " + Arguments + ".Invalid(\"'\" + term + \"' is not a cross term of " + model.ClassName + (scaled.Count == 0 ? " (it has none)" : "; one of: " + Escape(string.Join(", ", scaled.Select(t => t.Name)))) + ".\", nameof(term));");
            }
        }
    }

    private static void EmitDispose(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>" + DisposeSummary(model) + "</summary>");
        using (w.Block("public void Dispose()"))
        {
            w.Line("if (disposed) return;");
            w.Line("disposed = true;");
            w.Line("transaction.Dispose();");
            foreach (var m in Trainable(model)) w.Line(Field(m.Name) + "Optimizer.Dispose();");
            foreach (var m in Trainable(model)) w.Line(Field(m.Name) + "Parameters.Dispose();");
            foreach (var m in model.Members) w.Line(Field(m.Name) + ".Dispose();");
            if (model.Discriminator is not null)
            {
                w.Line("discriminatorOptimizer.Dispose();");
                w.Line("discriminatorParameters.Dispose();");
                w.Line("discriminator.Dispose();");
            }
        }
    }

    private static void EmitLossGraph(SourceWriter w, SystemModel model)
    {
        w.Line("/// <summary>Which cross terms accompany which members' task losses, for the magnitude check.</summary>");
        w.Line("private static readonly global::System.Collections.Generic.IReadOnlyDictionary<string, string[]> CrossTermTasks =");
        w.Line("    new global::System.Collections.Generic.Dictionary<string, string[]>");
        w.Line("    {");
        foreach (var t in model.Terms)
        {
            var reached = Reached(model, t).Where(n => model.Members.First(m => m.Name == n).Task != TaskLoss.None).Select(n => "\"" + n + ".task\"");
            w.Line("        [\"" + t.Name + "\"] = new string[] { " + string.Join(", ", reached) + " },");
        }
        EmitCustomTermTasks(w, model);
        w.Line("    };");
        w.Line();
        w.Line("/// <summary>The loss graph as a Mermaid flowchart: members, taps, terms with weights, and where each term's gradient goes.</summary>");
        w.Line("public static string LossGraph { get; } =");
        var lines = LossGraphLines(model);
        for (int i = 0; i < lines.Count; i++)
            w.Line("    \"" + Escape(lines[i]) + "\\n\"" + (i == lines.Count - 1 ? ";" : " +"));
    }

    /// <summary>The members a term's gradient reaches (teachers and references never; frozen members never).</summary>
    private static IEnumerable<string> Reached(SystemModel model, TermModel t)
    {
        var reached = t.Method is CrossMethod.Distillation or CrossMethod.ParameterDistance or CrossMethod.OutputDisagreement
            ? new[] { t.Second }
            : new[] { t.First, t.Second };
        return reached.Where(n => !model.Members.First(m => m.Name == n).Frozen);
    }

    private static List<string> LossGraphLines(SystemModel model)
    {
        var lines = new List<string> { "flowchart LR" };
        foreach (var m in model.Members)
            lines.Add("    " + m.Name + "[\"" + m.Name + ": " + Short(m.TypeName) + "<br/>" + (m.Frozen ? "frozen" : m.Optimizer + " lr " + DoubleLiteral(m.LearningRate)) + "\"]");
        if (model.Discriminator is { } d)
            lines.Add("    Discriminator[\"" + (d.PropertyName ?? "Discriminator") + ": " + (d.TypeName is null ? "default MLP" : Short(d.TypeName)) + "<br/>" + d.Optimizer + " lr " + DoubleLiteral(d.LearningRate) + "\"]");
        foreach (var m in model.Members.Where(m => m.Task != TaskLoss.None))
        {
            string node = m.Name + "_task";
            lines.Add("    " + node + "([\"" + m.Name + ".task: " + m.Task + (model.OutputNorm is { } norm ? " after " + norm : string.Empty) + "\"])");
            lines.Add("    " + m.Name + " --> " + node);
            lines.Add("    " + node + " -. grad .-> " + m.Name);
            if (model.OutputNorm != NormMethod.SharedStandardize) continue;
            // The shared statistics are pooled over every member's output: each task reads them all, and its
            // gradient reaches every trained member through them.
            foreach (var other in model.Members.Where(o => o.Name != m.Name))
            {
                lines.Add("    " + other.Name + " -- shared statistics --> " + node);
                if (!other.Frozen) lines.Add("    " + node + " -. grad .-> " + other.Name);
            }
        }
        int index = 0;
        foreach (var t in model.Terms)
        {
            string node = "term" + Integer(index++);
            // A second term of one method between the same members carries its form in its name already.
            string form = t.Form == CrossForm.Default || t.Name.StartsWith(t.Method + "." + t.Form + "(", System.StringComparison.Ordinal)
                          || t.Name.StartsWith(t.Method + "." + t.Form + "@", System.StringComparison.Ordinal) ? string.Empty : " " + t.Form;
            lines.Add("    " + node + "([\"" + t.Name + form + " × " + DoubleLiteral(t.Weight) + (t.WarmupSteps > 0 ? ", warm-up " + Integer(t.WarmupSteps) : string.Empty) + "\"])");
            string edge = t.TapProperty is null ? " --> " : " -- " + t.TapProperty + " --> ";
            bool detachedFirst = t.Method is CrossMethod.Distillation or CrossMethod.ParameterDistance or CrossMethod.OutputDisagreement;
            string firstEdge = !detachedFirst ? edge : t.TapProperty is null ? " -- detached --> " : " -- " + t.TapProperty + ", detached --> ";
            lines.Add("    " + t.First + firstEdge + node);
            lines.Add("    " + t.Second + edge + node);
            if (t.Method == CrossMethod.Adversarial)
            {
                lines.Add("    Discriminator --> " + node);
                lines.Add("    " + node + "_d([\"" + t.Name + ".discriminator (detached embeddings)\"])");
                lines.Add("    " + node + "_d -. grad .-> Discriminator");
            }
            // At weight 0 the term is computed and logged, but no gradient flows from it.
            if (t.Weight != 0)
                foreach (var reached in Reached(model, t))
                    lines.Add("    " + node + " -. grad .-> " + reached);
        }
        AddCustomTermLines(model, lines);
        return lines;
    }

    private static string DiscriminatorTermName(SystemModel model)
        => string.Join("+", model.Terms.Where(t => t.Method == CrossMethod.Adversarial).Select(t => t.Name)) + ".discriminator";

    private static bool MultiDevice(SystemModel model) => model.Members.Any(m => m.Device is not null);

    private static bool CrossesDevices(SystemModel model, TermModel t)
        => model.Members.First(m => m.Name == t.First).Device != model.Members.First(m => m.Name == t.Second).Device;

    /// <summary>The field holding a member's own device (only members with <c>[Member(Device = ...)]</c> have one).</summary>
    private static string DeviceOf(MemberModel m) => Plain(m.Name) + "Device";

    private static string DiscriminatorType(DiscriminatorModel d) => d.TypeName ?? Training + ".DefaultDiscriminator";

    /// <summary>The private field of a member: camelCase, kept clear of the generated fields and of keywords.</summary>
    private static string Field(string member)
    {
        string field = char.ToLowerInvariant(member[0]) + member.Substring(1);
        if (field is "device" or "steps" or "disposed" or "discriminator" or "discriminatorOptimizer" or "scope" or "batch" or "outputs" or "transaction" or "termScales")
            return field + "Network";
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(field) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + field : field;
    }

    private static string Local(string member) => Plain(member) + "Output";

    /// <summary>The member's camelCase name as a prefix of locals (<c>leftResult</c>, <c>leftTask</c>).</summary>
    private static string Plain(string member) => char.ToLowerInvariant(member[0]) + member.Substring(1);

    private static string Short(string typeName) => typeName.Substring(typeName.LastIndexOf('.') + 1);

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static readonly string GeneratorVersion = typeof(SystemEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
}
