using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using DslCrossReg.Onnx;
using DslCrossReg.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg;

/// <summary>A layer that <see cref="OnnxExport"/> cannot write, with where it is in the pipeline.</summary>
/// <param name="Name">The layer's module name (<c>lstm2</c>, <c>residual0_gru1</c>).</param>
/// <param name="Position">Its index counting from 0 after Input (inside a Residual: its index in the inner pipeline).</param>
/// <param name="Layer">The layer itself.</param>
public sealed record OnnxUnsupportedLayer(string Name, int Position, LayerSpec Layer)
{
    /// <summary><c>lstm2 (LSTM(24), layer 2 after Input)</c>.</summary>
    public override string ToString() => OnnxSupport.Describe(Name, Position, Layer);
}

/// <summary>
/// Writes a network as an ONNX model for inference (opset <see cref="Opset"/>), built at run time from its
/// <see cref="Layer"/> value and its module's parameters: one input <c>input</c> of shape <c>[batch, …]</c> with a
/// dynamic batch axis, one output <c>output</c>, and one more output per tap, named after the tap. Parameters and
/// BatchNorm running statistics become initializers under their state-dict names; the graph is the eval-mode forward
/// (Dropout is the identity, BatchNorm uses its running statistics). No ONNX or protobuf package is needed.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator-set version the models use.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (IR 8 goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The name of the model's input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the model's final output.</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic name of the dynamic batch axis of the input and of every output.</summary>
    public const string BatchAxis = "batch";

    /// <summary>The layer kinds that export.</summary>
    public static IReadOnlyList<LayerKind> SupportedKinds => OnnxSupport.Kinds;

    // TorchSharp's defaults for the layers LayerModules creates.
    private const float BatchNormEpsilon = 1e-5f, LayerNormEpsilon = 1e-5f;

    /// <summary>
    /// Every layer of <paramref name="architecture"/> that cannot be exported (Module stages, whose insides only the
    /// user's module knows), inside Residuals too; empty when the whole network exports.
    /// </summary>
    public static IReadOnlyList<OnnxUnsupportedLayer> Unsupported(Layer architecture)
    {
        ArgumentErrors.NotNull(architecture);
        return OnnxSupport.Unexportable(architecture.Specs.Skip(1).ToList())
            .Select(u => new OnnxUnsupportedLayer(u.Name, u.Position, u.Layer))
            .ToList();
    }

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> (see <see cref="Save(nn.Module, Layer, string, string)"/>).</summary>
    public static void ExportOnnx(this InterpretedNetwork network, string path)
    {
        ArgumentErrors.NotNull(network);
        Save(network, network.Architecture, path, network.NetworkName);
    }

    /// <summary>
    /// Writes the ONNX model of <paramref name="module"/>, a network built from <paramref name="architecture"/> (an
    /// <see cref="InterpretedNetwork"/> or a generated <c>[Network]</c> class, whose parameters have the same names),
    /// to <paramref name="path"/>. Throws <see cref="NotSupportedException"/> naming the network and every layer that
    /// cannot be exported before anything is written.
    /// </summary>
    /// <param name="module">The trained network; its parameters and buffers are read, not changed.</param>
    /// <param name="architecture">The network's <see cref="Layer"/> value.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="networkName">The name messages and the ONNX graph give the network.</param>
    public static void Save(nn.Module module, Layer architecture, string path, string networkName = "Network")
    {
        ArgumentErrors.NotNullOrEmpty(path);
        var bytes = ToBytes(module, architecture, networkName);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The serialised ONNX model (see <see cref="Save(nn.Module, Layer, string, string)"/>).</summary>
    public static byte[] ToBytes(nn.Module module, Layer architecture, string networkName = "Network")
    {
        ArgumentErrors.NotNull(module);
        ArgumentErrors.NotNull(architecture);
        ArgumentErrors.NotNullOrEmpty(networkName);
        var shapes = architecture.Shapes;
        var unsupported = Unsupported(architecture);
        if (unsupported.Count > 0)
            throw new NotSupportedException(OnnxSupport.Refusal(networkName, unsupported.Select(l => l.ToString()).ToList()));
        foreach (var tap in shapes.Taps.Select(t => t.Key))
            if (tap is InputName or OutputName)
                throw new NotSupportedException($"Network '{networkName}' cannot be exported to ONNX: its tap '{tap}' would share the name of the model's {tap}.");

        var state = module.state_dict();
        var graph = new GraphBuilder(state, networkName);
        var specs = architecture.Specs.Skip(1).ToList();
        string last = graph.Pipeline(specs, InputName, shapes.Input, parent: null, topLevel: true);
        graph.Node("Identity", new[] { last }, OutputName);

        var inputs = new[] { (InputName, shapes.Input) };
        var outputs = new List<(string, TensorShape)> { (OutputName, shapes.Output) };
        outputs.AddRange(shapes.Taps.Select(t => (t.Key, t.Value)));
        return new ProtoWriter()
            .Int(1, IrVersion)
            .String(2, "DslCrossReg")
            .Message(7, g => graph.Write(g, architecture.ToString(), inputs, outputs))
            .Message(8, o => o.Int(2, Opset))
            .ToArray();
    }

    /// <summary>The nodes and initializers of one graph, in order.</summary>
    private sealed class GraphBuilder
    {
        // onnx.proto: TensorProto.DataType FLOAT = 1, INT64 = 7; AttributeProto.AttributeType FLOAT = 1, INT = 2, INTS = 7.
        private const int FloatType = 1, Int64Type = 7;
        private readonly Dictionary<string, Tensor> state;
        private readonly string networkName;
        private readonly List<byte[]> nodes = new();
        private readonly List<byte[]> initializers = new();
        private readonly HashSet<string> names = new(StringComparer.Ordinal);

        public GraphBuilder(Dictionary<string, Tensor> state, string networkName)
        {
            this.state = state;
            this.networkName = networkName;
        }

        public string Pipeline(IReadOnlyList<LayerSpec> specs, string x, TensorShape shape, string? parent, bool topLevel)
        {
            for (int i = 0; i < specs.Count; i++)
            {
                var spec = specs[i];
                string name = LayerNames.Of(spec, i, parent);
                ShapeRules.TryApply(spec, shape, out var next);
                string output = topLevel && spec.Tap is { } tap ? tap : name;
                x = Layer(spec, name, x, shape, output);
                shape = next!;
            }
            return x;
        }

        private string Layer(LayerSpec spec, string name, string x, TensorShape shape, string output)
        {
            switch (spec.Kind)
            {
                case LayerKind.Linear:
                {
                    string weight = Parameter(name + ".weight");
                    string transposed = Node("Transpose", new[] { weight }, name + "/weight_t", a => Ints(a, "perm", 1, 0));
                    string product = Node("MatMul", new[] { x, transposed }, name + "/matmul");
                    return Node("Add", new[] { product, Parameter(name + ".bias") }, output);
                }
                case LayerKind.ReLU: return Node("Relu", new[] { x }, output);
                case LayerKind.Tanh: return Node("Tanh", new[] { x }, output);
                case LayerKind.Sigmoid: return Node("Sigmoid", new[] { x }, output);
                case LayerKind.LeakyReLU: return Node("LeakyRelu", new[] { x }, output, a => Float(a, "alpha", (float)spec.Real));
                case LayerKind.GELU:
                {
                    // Opset 17 has no Gelu: 0.5 · x · (1 + erf(x / √2)), PyTorch's exact GELU.
                    string scaled = Node("Div", new[] { x, Constant(name + "/sqrt2", (float)Math.Sqrt(2)) }, name + "/scaled");
                    string erf = Node("Erf", new[] { scaled }, name + "/erf");
                    string plusOne = Node("Add", new[] { erf, Constant(name + "/one", 1f) }, name + "/plus_one");
                    string timesX = Node("Mul", new[] { x, plusOne }, name + "/times_x");
                    return Node("Mul", new[] { timesX, Constant(name + "/half", 0.5f) }, output);
                }
                case LayerKind.Flatten: return Node("Flatten", new[] { x }, output, a => Int(a, "axis", 1));
                case LayerKind.Dropout: return Node("Identity", new[] { x }, output);
                case LayerKind.Conv1d:
                case LayerKind.Conv2d:
                {
                    int axes = spec.Kind == LayerKind.Conv1d ? 1 : 2;
                    return Node("Conv", new[] { x, Parameter(name + ".weight"), Parameter(name + ".bias") }, output, a =>
                    {
                        Ints(a, "kernel_shape", Enumerable.Repeat((long)spec.Kernel, axes).ToArray());
                        Ints(a, "strides", Enumerable.Repeat((long)spec.Stride, axes).ToArray());
                        Ints(a, "pads", Enumerable.Repeat((long)spec.Padding, 2 * axes).ToArray());
                    });
                }
                case LayerKind.MaxPool2d:
                case LayerKind.AvgPool2d:
                    return Node(spec.Kind == LayerKind.MaxPool2d ? "MaxPool" : "AveragePool", new[] { x }, output, a =>
                    {
                        Ints(a, "kernel_shape", spec.Kernel, spec.Kernel);
                        Ints(a, "strides", spec.Stride, spec.Stride);
                    });
                case LayerKind.BatchNorm1d:
                case LayerKind.BatchNorm2d:
                    return Node("BatchNormalization",
                        new[] { x, Parameter(name + ".weight"), Parameter(name + ".bias"), Parameter(name + ".running_mean"), Parameter(name + ".running_var") },
                        output, a => Float(a, "epsilon", BatchNormEpsilon));
                case LayerKind.LayerNorm:
                    return Node("LayerNormalization", new[] { x, Parameter(name + ".weight"), Parameter(name + ".bias") }, output, a =>
                    {
                        Int(a, "axis", -1);
                        Float(a, "epsilon", LayerNormEpsilon);
                    });
                case LayerKind.Embedding:
                    return Node("Gather", new[] { Parameter(name + ".weight"), x }, output, a => Int(a, "axis", 0));
                case LayerKind.LSTM:
                case LayerKind.GRU:
                    return Recurrent(spec, name, x, output);
                case LayerKind.MultiheadAttention:
                    return Attention(name, name + ".", spec.Heads, shape.Last, x, output);
                case LayerKind.TransformerEncoderLayer:
                {
                    // PyTorch's post-norm layer: norm1(x + attention(x)), then norm2(h + linear2(relu(linear1(h)))).
                    string attended = Attention(name + "/self_attn", name + ".self_attn.", spec.Heads, shape.Last, x, name + "/attended");
                    string first = Norm(name + "/norm1", name + ".norm1", Node("Add", new[] { x, attended }, name + "/residual1"));
                    string hidden = Node("Relu", new[] { Affine(name + "/linear1", first, Parameter(name + ".linear1.weight"), Parameter(name + ".linear1.bias")) }, name + "/relu");
                    string fed = Affine(name + "/linear2", hidden, Parameter(name + ".linear2.weight"), Parameter(name + ".linear2.bias"));
                    return Norm(output, name + ".norm2", Node("Add", new[] { first, fed }, name + "/residual2"));
                }
                case LayerKind.Residual:
                {
                    string inner = Pipeline(spec.Inner, x, shape, name, topLevel: false);
                    return Node("Add", new[] { x, inner }, output);
                }
                case LayerKind.RangeNormalize:
                {
                    // (x − min) / max(max − min, ε) over the last axis.
                    string min = Node("ReduceMin", new[] { x }, name + "/min", LastAxis);
                    string max = Node("ReduceMax", new[] { x }, name + "/max", LastAxis);
                    string range = Node("Sub", new[] { max, min }, name + "/range");
                    string safe = Node("Max", new[] { range, Constant(name + "/epsilon", (float)spec.Real) }, name + "/safe_range");
                    string shifted = Node("Sub", new[] { x, min }, name + "/shifted");
                    return Node("Div", new[] { shifted, safe }, output);
                }
                case LayerKind.Standardize:
                {
                    // (x − mean) / √(var + ε), the population variance over the last axis.
                    string mean = Node("ReduceMean", new[] { x }, name + "/mean", LastAxis);
                    string centred = Node("Sub", new[] { x, mean }, name + "/centred");
                    string squared = Node("Mul", new[] { centred, centred }, name + "/squared");
                    string variance = Node("ReduceMean", new[] { squared }, name + "/variance", LastAxis);
                    string shifted = Node("Add", new[] { variance, Constant(name + "/epsilon", (float)spec.Real) }, name + "/variance_eps");
                    string deviation = Node("Sqrt", new[] { shifted }, name + "/deviation");
                    return Node("Div", new[] { centred, deviation }, output);
                }
                default:
                    throw new NotSupportedException($"Network '{networkName}' cannot be exported to ONNX: {spec.Display()} has no ONNX export.");
            }
        }

        // ONNX's LSTM and GRU read [sequence, batch, features] and stack their gates in another order than PyTorch's:
        // LSTM i, o, f, c against PyTorch's i, f, g, o; GRU z, r, h against r, z, n (with PyTorch's linear_before_reset).
        // The gate blocks are reordered into W, R and B initializers; the last hidden state, [1, batch, hidden], loses
        // its direction axis, as RecurrentState.LastHidden returns it.
        private string Recurrent(LayerSpec spec, string name, string x, string output)
        {
            bool lstm = spec.Kind == LayerKind.LSTM;
            int[] order = lstm ? new[] { 0, 3, 1, 2 } : new[] { 1, 0, 2 };
            Tensor Gates(Tensor t) => torch.cat(order.Select(g => t.chunk(order.Length, 0)[g]).ToArray(), 0);
            string w = Derived(name + ".weight_ih_l0", name + "/W", t => Gates(t).unsqueeze(0));
            string r = Derived(name + ".weight_hh_l0", name + "/R", t => Gates(t).unsqueeze(0));
            string b = Derived(name + ".bias_ih_l0", name + "/B",
                t => torch.cat(new[] { Gates(t), Gates(StateTensor(name + ".bias_hh_l0", initializer: false)) }, 0).unsqueeze(0));
            string sequence = Node("Transpose", new[] { x }, name + "/sequence_first", a => Ints(a, "perm", 1, 0, 2));
            string last = name + "/last_hidden";
            if (!names.Add(last) || !names.Add(name + "/all_hidden"))
                throw new NotSupportedException($"Network '{networkName}' cannot be exported to ONNX: two values would be named '{last}'.");
            var node = new ProtoWriter().Strings(1, new[] { sequence, w, r, b }).Strings(2, new[] { name + "/all_hidden", last })
                .String(3, name + "/" + (lstm ? "lstm" : "gru")).String(4, lstm ? "LSTM" : "GRU");
            Int(node, "hidden_size", spec.Out);
            if (!lstm) Int(node, "linear_before_reset", 1);
            nodes.Add(node.ToArray());
            return Node("Squeeze", new[] { last, Int64Constant(name + "/direction_axis", 0) }, output);
        }

        // Self-attention over [batch, L, F] as PyTorch computes it: one input projection split into q, k, v; per head
        // softmax(q·kᵀ / √d)·v; the heads joined and projected. Dropout is off in eval.
        private string Attention(string name, string prefix, int heads, int features, string x, string output)
        {
            int d = features / heads;
            string projected = Affine(name + "/in_proj", x, Parameter(prefix + "in_proj_weight"), Parameter(prefix + "in_proj_bias"));
            string split = Int64Constant(name + "/split", features, features, features);
            var parts = new[] { name + "/q", name + "/k", name + "/v" };
            foreach (var part in parts)
                if (!names.Add(part))
                    throw new NotSupportedException($"Network '{networkName}' cannot be exported to ONNX: two values would be named '{part}'.");
            var node = new ProtoWriter().Strings(1, new[] { projected, split }).Strings(2, parts).String(3, name + "/split_qkv").String(4, "Split");
            Int(node, "axis", -1);
            nodes.Add(node.ToArray());
            string headShape = Int64Constant(name + "/head_shape", 0, 0, heads, d);
            string Heads(string value, long[] perm)
            {
                string reshaped = Node("Reshape", new[] { value, headShape }, value + "_heads");
                return Node("Transpose", new[] { reshaped }, value + "_by_head", a => Ints(a, "perm", perm));
            }
            string q = Heads(parts[0], new long[] { 0, 2, 1, 3 });
            string kT = Heads(parts[1], new long[] { 0, 2, 3, 1 });
            string v = Heads(parts[2], new long[] { 0, 2, 1, 3 });
            string scaled = Node("Mul", new[] { q, Constant(name + "/scale", (float)(1 / Math.Sqrt(d))) }, name + "/q_scaled");
            string scores = Node("MatMul", new[] { scaled, kT }, name + "/scores");
            string weights = Node("Softmax", new[] { scores }, name + "/weights", a => Int(a, "axis", -1));
            string attended = Node("MatMul", new[] { weights, v }, name + "/attended");
            string joined = Node("Transpose", new[] { attended }, name + "/joined", a => Ints(a, "perm", 0, 2, 1, 3));
            string merged = Node("Reshape", new[] { joined, Int64Constant(name + "/merged_shape", 0, 0, features) }, name + "/merged");
            return Affine(output, merged, Parameter(prefix + "out_proj.weight"), Parameter(prefix + "out_proj.bias"));
        }

        private string Norm(string output, string prefix, string x)
            => Node("LayerNormalization", new[] { x, Parameter(prefix + ".weight"), Parameter(prefix + ".bias") }, output, a =>
            {
                Int(a, "axis", -1);
                Float(a, "epsilon", LayerNormEpsilon);
            });

        // x·Wᵀ + b, named output.
        private string Affine(string output, string x, string weight, string bias)
        {
            string transposed = Node("Transpose", new[] { weight }, output + "/weight_t", a => Ints(a, "perm", 1, 0));
            string product = Node("MatMul", new[] { x, transposed }, output + "/matmul");
            return Node("Add", new[] { product, bias }, output);
        }

        private string Derived(string key, string name, Func<Tensor, Tensor> transform)
        {
            var source = StateTensor(key, initializer: false);
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            var value = transform(source.detach().cpu().to_type(ScalarType.Float32)).contiguous();
            names.Add(name);
            AddInitializer(name, value.shape, value.data<float>().ToArray());
            return name;
        }

        private string Int64Constant(string name, params long[] values)
        {
            names.Add(name);
            var raw = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            initializers.Add(new ProtoWriter().Int(1, values.Length).Int(2, Int64Type).String(8, name).Bytes(9, raw).ToArray());
            return name;
        }

        private static void LastAxis(ProtoWriter a)
        {
            Ints(a, "axes", -1);
            Int(a, "keepdims", 1);
        }

        public string Node(string op, string[] inputs, string output, Action<ProtoWriter>? attributes = null)
        {
            if (!names.Add(output))
                throw new NotSupportedException($"Network '{networkName}' cannot be exported to ONNX: two values would be named '{output}'.");
            var node = new ProtoWriter().Strings(1, inputs).String(2, output).String(3, output).String(4, op);
            attributes?.Invoke(node);
            nodes.Add(node.ToArray());
            return output;
        }

        // NodeProto.attribute = 5; AttributeProto: name 1, f 2, i 3, ints 8, type 20.
        private static void Int(ProtoWriter node, string name, long value)
            => node.Message(5, a => a.String(1, name).Int(20, 2).Int(3, value));

        private static void Float(ProtoWriter node, string name, float value)
            => node.Message(5, a => a.String(1, name).Int(20, 1).Float(2, value));

        private static void Ints(ProtoWriter node, string name, params long[] values)
            => node.Message(5, a => a.String(1, name).Int(20, 7).Ints(8, values));

        private string Parameter(string key)
        {
            StateTensor(key, initializer: true);
            return key;
        }

        private Tensor StateTensor(string key, bool initializer)
        {
            if (!state.TryGetValue(key, out var tensor))
                throw new InvalidOperationException(
                    $"Network '{networkName}' cannot be exported to ONNX: its module has no parameter or buffer '{key}'; is it the module built from this architecture?");
            if (initializer && names.Add(key))
            {
                using var scope = torch.NewDisposeScope();
                var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
                AddInitializer(key, tensor.shape, values);
            }
            return tensor;
        }

        private string Constant(string name, float value)
        {
            names.Add(name);
            AddInitializer(name, Array.Empty<long>(), new[] { value });
            return name;
        }

        // TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian).
        private void AddInitializer(string name, long[] dims, float[] values)
        {
            var raw = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < raw.Length; i += 4) Array.Reverse(raw, i, 4);
            initializers.Add(new ProtoWriter().Ints(1, dims).Int(2, FloatType).String(8, name).Bytes(9, raw).ToArray());
        }

        // GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
        public void Write(ProtoWriter graph, string docString, IEnumerable<(string Name, TensorShape Shape)> inputs, IEnumerable<(string Name, TensorShape Shape)> outputs)
        {
            foreach (var node in nodes) graph.Bytes(1, node);
            graph.String(2, networkName);
            foreach (var initializer in initializers) graph.Bytes(5, initializer);
            graph.String(10, docString);
            foreach (var (name, shape) in inputs) graph.Message(11, v => ValueInfo(v, name, shape));
            foreach (var (name, shape) in outputs) graph.Message(12, v => ValueInfo(v, name, shape));
        }

        // ValueInfoProto: name 1, type 2; TypeProto.tensor_type 1; Tensor: elem_type 1, shape 2; TensorShapeProto.dim 1;
        // Dimension: dim_value 1, dim_param 2.
        private static void ValueInfo(ProtoWriter value, string name, TensorShape shape)
        {
            value.String(1, name);
            value.Message(2, type => type.Message(1, tensor =>
            {
                tensor.Int(1, shape.ElementType == ElementType.Int64 ? Int64Type : FloatType);
                tensor.Message(2, dims =>
                {
                    dims.Message(1, d => d.String(2, BatchAxis));
                    foreach (var dim in shape.Dims) dims.Message(1, d => d.Int(1, dim));
                });
            }));
        }
    }
}
