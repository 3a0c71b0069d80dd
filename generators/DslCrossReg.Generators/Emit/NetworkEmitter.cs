using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;
using static DslCrossReg.Shapes.InvariantNumbers;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// Writes the module code of one network from its model. The constructors and their order are those of the
/// runtime's <c>DslCrossReg.Modules.LayerModules</c> table, so generated and interpreted networks built after the
/// same seed are bit-identical (the differential tests hold both to it).
/// </summary>
internal static class NetworkEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string Nn = "global::TorchSharp.torch.nn";
    private const string Modules = "global::TorchSharp.Modules";
    private const string IntList = "global::System.Collections.Generic.IReadOnlyList<int>";

    public static string Emit(NetworkModel model) => SourceWriter.File(model.Namespace, w => EmitClass(w, model));

    private static void EmitClass(SourceWriter w, NetworkModel model)
    {
        string self = "global::" + (model.Namespace is null ? string.Empty : model.Namespace + ".") + model.ClassName;
        w.Line("/// <summary>");
        var input = model.Input.ElementType == ElementType.Int64 ? LayerSpec.TokenInput(model.Input.Dims.ToArray()) : LayerSpec.Input(model.Input.Dims.ToArray());
        w.Line("/// <c>" + Xml(string.Join(" >> ", new[] { input }.Concat(model.Layers.Select(l => l.Spec)).Select(l => l.ToString()))) + "</c>");
        w.Line("/// </summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"DslCrossReg.Generators\", \"" + GeneratorVersion + "\")]");
        using (w.Block(model.Accessibility + " partial class " + model.ClassName + " : " + Nn + ".Module<" + Tensor + ", " + self + ".Output>, global::DslCrossReg.IDeclaredNetwork"))
        {
            EmitMetadata(w, model);
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("global::DslCrossReg.Layer global::DslCrossReg.IDeclaredNetwork.Architecture => " + Identifier(model.Architecture) + ";");
            w.Line();
            foreach (var layer in AllLayers(model))
                w.Line("private readonly " + ModuleType(layer.Spec.Kind) + " " + layer.Name + ";");
            foreach (var layer in AllLayers(model).Where(l => l.Spec.Kind == LayerKind.Module))
            {
                w.Line("/// <summary>The per-sample output shape " + layer.Name + " declares, " + Xml(layer.Output.ToString()) + ", checked at every forward pass.</summary>");
                w.Line("private static readonly global::DslCrossReg.Shapes.TensorShape " + DeclaredShape(layer) + " = global::DslCrossReg.Shapes.TensorShape.Float(" + Ints(layer.Output) + ");");
            }
            w.Line();
            EmitConstructor(w, model);
            w.Line();
            EmitForward(w, model, self);
            w.Line();
            EmitExportOnnx(w, model);
            w.Line();
            EmitOutput(w, model.Output, model.Taps.Select(t => (t.Name, t.PropertyName, (TensorShape?)t.Shape)));
        }
    }

    private static void EmitMetadata(SourceWriter w, NetworkModel model)
    {
        EmitInputShape(w, model.Input);
        w.Line();
        EmitOutputShape(w, model.Output);
        foreach (var tap in model.Taps)
        {
            w.Line();
            EmitTapShape(w, tap.Name, tap.PropertyName, tap.Shape);
        }
        w.Line();
        EmitParameterCount(w, model.ParameterCount);
    }

    // ExportOnnx: the network, with its current weights in eval mode, as an ONNX model. A network with a layer that has
    // no ONNX export gets the method marked obsolete-as-error, so calling it is a compile-time error that says which
    // layer (and the method still throws, for reflection).
    private static void EmitExportOnnx(SourceWriter w, NetworkModel model)
    {
        var unsupported = DslCrossReg.Shapes.OnnxSupport.UnexportableDescribed(model.Layers.Select(l => l.Spec).ToList());
        w.Line("/// <summary>");
        w.Line("/// Writes this network, with its current weights and in eval mode, to <paramref name=\"path\"/> as an ONNX model for");
        w.Line("/// inference: input <c>input</c> " + Xml("[batch, " + string.Join(", ", model.Input.Dims) + "]") + " with a dynamic batch axis, output");
        w.Line("/// <c>output</c>, and one more output per tap, named after it (see <c>DslCrossReg.OnnxExport</c>).");
        w.Line("/// </summary>");
        if (unsupported.Count == 0)
        {
            w.Line("public void ExportOnnx(string path) => global::DslCrossReg.OnnxExport.Save(this, " + Identifier(model.Architecture) + ", path, \"" + model.ClassName + "\");");
            return;
        }
        string refusal = DslCrossReg.Shapes.OnnxSupport.Refusal(model.ClassName, unsupported);
        w.Line("[global::System.Obsolete(" + SourceWriter.Literal(refusal) + ", error: true)]");
        w.Line("public void ExportOnnx(string path) => throw new global::System.NotSupportedException(" + SourceWriter.Literal(refusal) + ");");
    }

    // The field holding a Module stage's declared shape; the parser keeps tap locals off these names.
    internal static string DeclaredShape(LayerModel layer) => layer.Name + "Declared";

    private static string TapShapeName(string property) => property + "Shape";

    private static string TapSizeName(string property) => property + "Size";

    /// <summary>
    /// Every member name this emitter writes into a network's class besides the layer fields (which must not take one
    /// of them): the fixed members, the class's constructor, each tap's shape and width, each Module stage's declared shape.
    /// </summary>
    internal static IEnumerable<string> MemberNames(string className, IEnumerable<string> tapProperties, IEnumerable<LayerModel> moduleStages)
        => new[] { "InputTensorShape", "InputShape", "OutputShape", "OutputSize", "ParameterCount", "forward", "ExportOnnx", "Output", className }
            .Concat(tapProperties.SelectMany(p => new[] { TapShapeName(p), TapSizeName(p) }))
            .Concat(moduleStages.Select(DeclaredShape));

    // A layer's field, always through 'this.': a layer may be named like a local of forward (a tap's, 'x', 'inner').
    private static string Field(LayerModel layer) => "this." + layer.Name;

    private static void EmitInputShape(SourceWriter w, TensorShape input)
    {
        w.Line("/// <summary>The per-sample input shape, " + Xml(input.ToString()) + ".</summary>");
        w.Line("public static readonly global::DslCrossReg.Shapes.TensorShape InputTensorShape = global::DslCrossReg.Shapes.TensorShape."
               + (input.ElementType == ElementType.Int64 ? "Tokens" : "Float") + "(" + Ints(input) + ")"
               + (input.Vocabulary is { } vocabulary ? ".WithVocabulary(" + Integer(vocabulary) + ")" : string.Empty) + ";");
        w.Line();
        w.Line("/// <summary>The per-sample input dimensions (batch excluded).</summary>");
        w.Line("public static " + IntList + " InputShape { get; } = new int[] { " + Ints(input) + " };");
    }

    private static void EmitOutputShape(SourceWriter w, TensorShape output)
    {
        w.Line("/// <summary>The per-sample output dimensions, " + Xml(output.ToString()) + ".</summary>");
        w.Line("public static " + IntList + " OutputShape { get; } = new int[] { " + Ints(output) + " };");
        w.Line();
        w.Line("/// <summary>The width of the final output.</summary>");
        w.Line("public const int OutputSize = " + Integer(output.Last) + ";");
    }

    private static void EmitTapShape(SourceWriter w, string name, string property, TensorShape shape)
    {
        w.Line("/// <summary>The per-sample shape of the '" + Xml(name) + "' tap, " + Xml(shape.ToString()) + ".</summary>");
        w.Line("public static " + IntList + " " + TapShapeName(property) + " { get; } = new int[] { " + Ints(shape) + " };");
        w.Line();
        w.Line("/// <summary>The width of the '" + Xml(name) + "' tap.</summary>");
        w.Line("public const int " + TapSizeName(property) + " = " + Integer(shape.Last) + ";");
    }

    // No constant when a Module stage's parameters make the count unknowable at compile time (it would be wrong).
    private static void EmitParameterCount(SourceWriter w, long? count)
    {
        if (count is null)
        {
            w.Line("// No ParameterCount: a Module stage's parameters are known only once it is created; count parameters() of the network.");
            return;
        }
        w.Line("/// <summary>The number of trainable parameters.</summary>");
        w.Line("public const long ParameterCount = " + Integer(count.Value) + "L;");
    }

    /// <summary>
    /// The placeholder of a network whose declaration has an error (the analyzer reports it at its cause): the class,
    /// its Output record and the constants the declaration determines, so that code using them still compiles; creating
    /// the network throws.
    /// </summary>
    public static string EmitShell(NetworkShell shell) => SourceWriter.File(shell.Namespace, w => w.Nested(shell.ContainingTypes, () =>
    {
        string self = shell.FullName;
        w.Line("/// <summary>");
        w.Line("/// Placeholder: " + SourceWriter.DocText(shell.Reason));
        w.Line("/// </summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"DslCrossReg.Generators\", \"" + GeneratorVersion + "\")]");
        // No accessibility: the user's part says it (a nested placeholder may be private), and parts must agree.
        using (w.Block("partial class " + shell.ClassName + shell.TypeParameters + (shell.IsModule ? " : " + Nn + ".Module<" + Tensor + ", " + self + ".Output>" : string.Empty)))
        {
            w.Line("private const string NetworkPlaceholderError = " + SourceWriter.Literal(shell.Reason) + ";");
            if (shell.Input is { } input)
            {
                w.Line();
                EmitInputShape(w, input);
            }
            if (shell.Output is { } output)
            {
                w.Line();
                EmitOutputShape(w, output);
            }
            foreach (var tap in shell.Taps)
            {
                if (tap.Shape is null) continue;
                w.Line();
                EmitTapShape(w, tap.Name, tap.PropertyName, tap.Shape);
            }
            if (shell.ParameterCount is { } count)
            {
                w.Line();
                EmitParameterCount(w, count);
            }
            if (shell.IsModule)
            {
                w.Line();
                w.Line("/// <summary>Throws: the declaration has an error, so the network has no layers.</summary>");
                w.Line("public " + shell.ClassName + "() : base(\"" + shell.ClassName + "\") => throw new global::System.InvalidOperationException(NetworkPlaceholderError);");
                w.Line();
                w.Line("/// <summary>Throws: the declaration has an error.</summary>");
                w.Line("public override " + self + ".Output forward(" + Tensor + " input) => throw new global::System.InvalidOperationException(NetworkPlaceholderError);");
                w.Line();
                w.Line("/// <summary>Throws: the declaration has an error.</summary>");
                w.Line("public void ExportOnnx(string path) => throw new global::System.InvalidOperationException(NetworkPlaceholderError);");
            }
            w.Line();
            EmitOutput(w, shell.Output, shell.Taps.Select(t => (t.Name, t.PropertyName, t.Shape)));
        }
    }));

    private static void EmitConstructor(SourceWriter w, NetworkModel model)
    {
        w.Line("/// <summary>Creates the network's layers in pipeline order (the order fixes which random numbers each draws).</summary>");
        using (w.Block("public " + model.ClassName + "() : base(\"" + model.ClassName + "\")"))
        {
            var inPlace = InPlaceActivations(model.Layers);
            foreach (var layer in AllLayers(model))
            {
                w.Line(Field(layer) + " = " + (inPlace.Contains(layer.Name) ? Nn + ".ReLU(inplace: true) /* on its Linear/Conv's own output */" : Constructor(layer, model)) + ";");
                w.Line("register_module(\"" + layer.Name + "\", " + Field(layer) + ");");
            }
        }
    }

    private static void EmitForward(SourceWriter w, NetworkModel model, string self)
    {
        w.Line("/// <summary>Runs the network on a batch of " + Xml(model.Input.ToString()) + "; the input is validated first.</summary>");
        using (w.Block("public override " + self + ".Output forward(" + Tensor + " input)"))
        {
            w.Line("global::DslCrossReg.InputValidation.Check(\"" + model.ClassName + "\", InputTensorShape, input);");
            w.Line("var x = input;");
            EmitSteps(w, model.Layers, "x", model, depth: 0);
            w.Line("return new Output(x" + string.Concat(model.Taps.Select(t => ", " + t.LocalName)) + ");");
        }
    }

    private static void EmitSteps(SourceWriter w, EquatableArray<LayerModel> layers, string variable, NetworkModel model, int depth)
    {
        foreach (var layer in layers)
        {
            if (layer.Spec.Kind == LayerKind.Residual)
            {
                string inner = depth == 0 ? "inner" : "inner" + Integer(depth + 1);
                w.Line("// " + layer.Name + ": " + variable + " + inner(" + variable + ")");
                using (w.Block(string.Empty))
                {
                    w.Line("var " + inner + " = " + variable + ";");
                    EmitSteps(w, layer.Inner, inner, model, depth + 1);
                    w.Line(variable + " = " + variable + " + " + inner + ";");
                }
            }
            else
            {
                w.Line(variable + " = " + Call(layer, variable, model) + ";");
            }

            if (layer.Spec.Tap is { } tapName)
            {
                var tap = model.Taps.First(t => t.Name == tapName);
                w.Line("var " + tap.LocalName + " = " + variable + ";");
            }
        }
    }

    private static void EmitOutput(SourceWriter w, TensorShape? output, System.Collections.Generic.IEnumerable<(string Name, string PropertyName, TensorShape? Shape)> taps)
    {
        var list = taps.ToList();
        w.Line("/// <summary>What the network returns: the final output and every tap.</summary>");
        w.Line("/// <param name=\"Result\">The final output, " + Described(output) + ".</param>");
        foreach (var tap in list)
            w.Line("/// <param name=\"" + tap.PropertyName + "\">The '" + Xml(tap.Name) + "' tap, " + Described(tap.Shape) + ".</param>");
        w.Line("public sealed record Output(" + Tensor + " Result" + string.Concat(list.Select(t => ", " + Tensor + " " + t.PropertyName)) + ");");
    }

    /// <summary>An output's dtype and shape, batch first, as the system's docs write them: <c>Float32 [batch, 10]</c>.</summary>
    private static string Described(TensorShape? shape)
        => shape is null ? "shape unknown" : shape.ElementType + " [batch" + string.Concat(shape.Dims.Select(d => ", " + Integer(d))) + "]";

    private static string Call(LayerModel layer, string variable, NetworkModel model) => layer.Spec.Kind switch
    {
        LayerKind.LSTM or LayerKind.GRU => "global::DslCrossReg.Modules.RecurrentState.LastHidden(" + Field(layer) + ", " + variable + ")",
        LayerKind.MultiheadAttention or LayerKind.TransformerEncoderLayer => "global::DslCrossReg.Modules.SelfAttention.Run(" + Field(layer) + ", " + variable + ")",
        LayerKind.Module => "global::DslCrossReg.Modules.UserModules.Call(" + Field(layer) + ", " + variable + ", \"" + model.ClassName + "\", \"" + layer.Name + "\", " + DeclaredShape(layer) + ")",
        LayerKind.Conv1d or LayerKind.Conv2d => "global::DslCrossReg.Modules.Convolutions.Run(" + Field(layer) + ", " + variable + ")",
        _ => Field(layer) + ".call(" + variable + ")",
    };

    /// <summary>The constructor of the module, as <c>DslCrossReg.Modules.LayerModules</c> calls it.</summary>
    private static string Constructor(LayerModel layer, NetworkModel model)
    {
        var spec = layer.Spec;
        string last = Integer(layer.Input.Last);
        string channels = Integer(layer.Input.Dims[0]);
        return spec.Kind switch
        {
            LayerKind.Linear => Nn + ".Linear(" + last + ", " + Integer(spec.Out) + ")",
            // Positional on purpose: a named 'padding: 0' would also match the overload taking a Padding enum.
            LayerKind.Conv1d or LayerKind.Conv2d => Nn + "." + spec.Kind + "(" + channels + ", " + Integer(spec.Out) + ", " + Integer(spec.Kernel) + ", " + Integer(spec.Stride) + ", " + Integer(spec.Padding) + ") /* in, out, kernel, stride, padding */",
            LayerKind.MaxPool2d or LayerKind.AvgPool2d => Nn + "." + spec.Kind + "(" + Integer(spec.Kernel) + ", " + Integer(spec.Stride) + ")",
            LayerKind.LeakyReLU or LayerKind.Dropout => Nn + "." + spec.Kind + "(" + DoubleLiteral(spec.Real) + ")",
            LayerKind.BatchNorm1d or LayerKind.BatchNorm2d => Nn + "." + spec.Kind + "(" + channels + ")",
            LayerKind.LayerNorm => Nn + ".LayerNorm(new long[] { " + last + " })",
            LayerKind.Embedding => Nn + ".Embedding(" + Integer(spec.Vocabulary) + ", " + Integer(spec.Out) + ")",
            LayerKind.LSTM or LayerKind.GRU => Nn + "." + spec.Kind + "(" + last + ", " + Integer(spec.Out) + ", batchFirst: true)",
            LayerKind.RangeNormalize => "new global::DslCrossReg.Modules.RangeNormalizeLayer(" + DoubleLiteral(spec.Real) + ")",
            LayerKind.Standardize => "new global::DslCrossReg.Modules.StandardizeLayer(" + DoubleLiteral(spec.Real) + ")",
            LayerKind.MultiheadAttention => Nn + ".MultiheadAttention(" + last + ", " + Integer(spec.Heads) + ", " + DoubleLiteral(spec.Real) + ") /* features, heads, dropout */",
            LayerKind.TransformerEncoderLayer => Nn + ".TransformerEncoderLayer(" + last + ", " + Integer(spec.Heads) + ", " + Integer(spec.Feedforward) + ", " + DoubleLiteral(spec.Real) + ") /* features, heads, feedforward, dropout */",
            // The stage's own factory, read from the architecture value the user declared: created here, in pipeline order.
            LayerKind.Module => "global::DslCrossReg.Modules.UserModules.Create(" + Identifier(model.Architecture) + ", \"" + layer.Name + "\", \"" + model.ClassName + "\")",
            _ => Nn + "." + spec.Kind + "()",
        };
    }

    /// <summary>
    /// The ReLUs that may overwrite their input: those right after a Linear or convolution (in the same pipeline or
    /// residual branch) whose output is not a tap. That output is a tensor only the ReLU reads, and neither layer's
    /// backward needs it (a Linear's and a convolution's backward read their input, a ReLU's backward its result), so
    /// rectifying it in place gives the same values and gradients without a second activation-sized tensor per step
    /// (11 MB per member for the conv benchmark network at batch 128).
    /// </summary>
    private static System.Collections.Generic.HashSet<string> InPlaceActivations(EquatableArray<LayerModel> layers)
    {
        var names = new System.Collections.Generic.HashSet<string>();
        LayerModel? previous = null;
        foreach (var layer in layers)
        {
            if (layer.Spec.Kind == LayerKind.Residual) names.UnionWith(InPlaceActivations(layer.Inner));
            else if (layer.Spec.Kind == LayerKind.ReLU && previous is { Spec.Tap: null }
                     && previous.Spec.Kind is LayerKind.Linear or LayerKind.Conv1d or LayerKind.Conv2d)
                names.Add(layer.Name);
            previous = layer;
        }
        return names;
    }

    private static string Identifier(string name)
        => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    private static string ModuleType(LayerKind kind) => kind switch
    {
        LayerKind.Module => Nn + ".Module<" + Tensor + ", " + Tensor + ">",
        LayerKind.RangeNormalize => "global::DslCrossReg.Modules.RangeNormalizeLayer",
        LayerKind.Standardize => "global::DslCrossReg.Modules.StandardizeLayer",
        _ => Modules + "." + kind,
    };

    private static System.Collections.Generic.IEnumerable<LayerModel> AllLayers(NetworkModel model) => Flatten(model.Layers);

    private static System.Collections.Generic.IEnumerable<LayerModel> Flatten(EquatableArray<LayerModel> layers)
    {
        foreach (var layer in layers)
        {
            if (layer.Spec.Kind == LayerKind.Residual)
            {
                foreach (var inner in Flatten(layer.Inner)) yield return inner;
            }
            else
            {
                yield return layer;
            }
        }
    }

    private static string Ints(TensorShape shape) => string.Join(", ", shape.Dims.Select(d => Integer(d)));

    // One line: a doc comment cannot hold a line break that a tap name (a string literal) can.
    private static string Xml(string text) => SourceWriter.DocText(text);

    private static readonly string GeneratorVersion = typeof(NetworkEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
}
