using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The placeholder written instead of a system whose declaration has an error: the public surface of a system, every
/// member of which throws with the declaration's first error, so that code using it still compiles while the
/// analyzer's diagnostic says what to fix.
/// </summary>
internal static class SystemPlaceholderEmitter
{
    /// <summary>
    /// The placeholder of a system whose declaration has an error (the analyzer reports it at its cause): the class
    /// with the public surface of a system, its Batch and Outputs records and an implementation of every partial
    /// property, so that code using it still compiles; creating the system throws.
    /// </summary>
    public static string Emit(SystemShell shell) => SourceWriter.File(shell.Namespace, w => w.Nested(shell.ContainingTypes, () => EmitShellClass(w, shell)));

    private static void EmitShellClass(SourceWriter w, SystemShell shell)
    {
        const string Throw = " => throw new global::System.InvalidOperationException(SystemPlaceholderError);";
        const string Placeholder = "/// <summary>Throws: the declaration has an error.</summary>";
        w.Line("/// <summary>");
        w.Line("/// Placeholder: " + SourceWriter.DocText(shell.Reason));
        w.Line("/// </summary>");
        // The module of a class that is also a network carries the attribute already.
        if (!shell.PropertiesOnly) w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"DslCrossReg.Generators\", \"" + SystemEmitter.GeneratorVersion + "\")]");
        // No accessibility: the user's part says it (a nested placeholder may be private), and parts must agree.
        string self = shell.ClassName + shell.TypeParameters;
        using (w.Block("partial class " + self + (shell.PropertiesOnly ? string.Empty : " : " + SystemEmitter.SystemInterface(self))))
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
                .Concat(shell.OutputNorm ? outputs.Select(m => Tensor + " " + NormalizedProperty(m.Name)) : Enumerable.Empty<string>()).ToList();
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
            w.Line(self + " " + SystemEmitter.SystemInterface(self) + ".Self => this;");
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
}
