using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DslCrossReg.Shapes;
using DslCrossReg.Tests.Layers;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Onnx;

/// <summary>
/// Every layer kind OnnxExport claims: a small seeded network built from a Layer value is exported, run by ONNX Runtime
/// on batches of 2 and 5 (one file, dynamic batch axis), and its output and every tap compared with TorchSharp's
/// eval-mode forward within 1e-5.
/// </summary>
[Collection(SeededTests.Name)]
public sealed class OnnxExportTests
{
    private const double Tolerance = 1e-5;

    public static readonly Dictionary<string, Func<Layer>> Networks = new()
    {
        ["Linear"] = () => Input(6) >> Linear(4).Tap("hidden") >> Linear(3),
        ["Linear over a sequence"] = () => Input(3, 6) >> Linear(6, 4).Tap("hidden") >> Linear(2),
        ["ReLU"] = () => Input(6) >> Linear(8) >> ReLU.Tap("activation") >> Linear(2),
        ["GELU"] = () => Input(6) >> Linear(8) >> GELU.Tap("activation") >> Linear(2),
        ["Tanh"] = () => Input(6) >> Linear(8) >> Tanh.Tap("activation") >> Linear(2),
        ["Sigmoid"] = () => Input(6) >> Linear(8) >> Sigmoid.Tap("activation") >> Linear(2),
        ["LeakyReLU"] = () => Input(6) >> Linear(8) >> LeakyReLU(0.2).Tap("activation") >> Linear(2),
        ["Flatten"] = () => Input(2, 3, 4) >> Flatten.Tap("flat") >> Linear(3),
        ["Dropout"] = () => Input(6) >> Linear(8) >> Dropout(0.5).Tap("dropped") >> Linear(2),
        ["Conv1d"] = () => Input(3, 10) >> Conv1d(4, kernel: 3, stride: 2, padding: 1).Tap("conv") >> Flatten >> Linear(2),
        ["Conv2d"] = () => Input(2, 8, 7) >> Conv2d(3, kernel: 3, stride: 2, padding: 1).Tap("conv") >> Flatten >> Linear(2),
        ["MaxPool2d"] = () => Input(2, 9, 8) >> Conv2d(3, kernel: 2) >> MaxPool2d(3, stride: 2).Tap("pool") >> MaxPool2d(2) >> Flatten >> Linear(2),
        ["AvgPool2d"] = () => Input(2, 9, 8) >> Conv2d(3, kernel: 2) >> AvgPool2d(3, stride: 2).Tap("pool") >> AvgPool2d(2) >> Flatten >> Linear(2),
        ["BatchNorm1d over features"] = () => Input(6) >> Linear(5) >> BatchNorm1d.Tap("normalised") >> Linear(2),
        ["BatchNorm1d over channels"] = () => Input(3, 7) >> BatchNorm1d.Tap("normalised") >> Flatten >> Linear(2),
        ["BatchNorm2d"] = () => Input(3, 5, 4) >> BatchNorm2d.Tap("normalised") >> Flatten >> Linear(2),
        ["LayerNorm"] = () => Input(6) >> Linear(5) >> LayerNorm.Tap("normalised") >> Linear(2),
        ["Residual"] = () => Input(6) >> Residual(Linear(8) >> ReLU >> Linear(6)).Tap("block")
                             >> Residual(Residual(Linear(6) >> Tanh) >> LayerNorm) >> Linear(2),
        ["RangeNormalize"] = () => Input(6) >> Linear(5) >> RangeNormalize().Tap("normalised") >> Linear(2),
        ["Standardize"] = () => Input(6) >> Linear(5) >> Standardize(1e-3).Tap("normalised") >> Linear(2),
        ["Embedding"] = () => TokenInput(7) >> Embedding(11, 4).Tap("embedded") >> Flatten >> Linear(3),
        ["LSTM"] = () => Input(6, 5) >> LSTM(7).Tap("summary") >> Linear(2),
        ["GRU"] = () => Input(6, 5) >> GRU(7).Tap("summary") >> Linear(2),
        ["Embedding and LSTM"] = () => TokenInput(9) >> Embedding(13, 4) >> Residual(LayerNorm) >> LSTM(5).Tap("sentence") >> Linear(3),
        ["MultiheadAttention"] = () => Input(5, 8) >> MultiheadAttention(2).Tap("attended") >> Flatten >> Linear(2),
        ["MultiheadAttention, 4 heads after Embedding"] = () => TokenInput(6) >> Embedding(9, 12) >> MultiheadAttention(4, dropout: 0.2).Tap("attended") >> LSTM(3),
        ["TransformerEncoderLayer"] = () => Input(5, 8) >> TransformerEncoderLayer(2, feedforward: 16).Tap("encoded") >> Flatten >> Linear(2),
        ["Two TransformerEncoderLayers after Embedding"] = () => TokenInput(6) >> Embedding(9, 12)
            >> TransformerEncoderLayer(4, feedforward: 24, dropout: 0.3) >> TransformerEncoderLayer(3, feedforward: 8).Tap("encoded") >> GRU(4),
        ["Named layers and a named Residual"] = () => Input(6) >> Linear(8).Named("fc1") >> ReLU
                             >> Residual(Linear(8).Named("fc") >> LayerNorm.Named("norm")).Named("block").Tap("block") >> Linear(2).Named("head"),
        ["Everything with several taps"] = () => Input(1, 12, 10)
            >> Conv2d(4, kernel: 3, padding: 1) >> BatchNorm2d >> ReLU >> MaxPool2d(2).Tap("features")
            >> Flatten >> Linear(16) >> GELU >> Dropout(0.1) >> Residual(Linear(16) >> LeakyReLU(0.1) >> Linear(16))
            >> LayerNorm.Tap("embedding") >> Standardize() >> Linear(5).Tap("logits") >> Sigmoid,
    };

    public static TheoryData<string> Kinds => new(Networks.Keys);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_exported_model_gives_what_TorchSharp_gives_for_its_output_and_taps(string kind)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        var architecture = Networks[kind]();
        using var network = architecture.Build("Exported");
        Perturb(network);
        network.eval();
        string path = TempFile();
        try
        {
            network.ExportOnnx(path);
            using var session = new InferenceSession(path);
            foreach (int batch in new[] { 2, 5 })
            {
                var input = Sample(architecture, batch);
                var expected = network.call(input);
                var actual = Run(session, input);
                Compare(kind, OnnxExport.OutputName, expected.Result, actual[OnnxExport.OutputName]);
                Assert.Equal(architecture.TapShapes.Count, expected.Taps.Count);
                foreach (var (tap, value) in expected.Taps) Compare(kind, tap, value, actual[tap]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_file_names_its_input_output_and_taps_with_a_dynamic_batch_axis()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var architecture = Input(2, 4) >> Linear(5).Tap("hidden") >> Flatten >> Linear(3).Tap("embedding") >> Linear(2);
        using var network = architecture.Build("Named");
        string path = TempFile();
        try
        {
            network.ExportOnnx(path);
            using var session = new InferenceSession(path);
            Assert.Equal(new[] { "input" }, session.InputNames);
            Assert.Equal(new[] { "output", "hidden", "embedding" }, session.OutputNames);
            var input = session.InputMetadata["input"];
            Assert.Equal(typeof(float), input.ElementType);
            Assert.Equal(new[] { -1, 2, 4 }, input.Dimensions);
            Assert.Equal("batch", input.SymbolicDimensions[0]);
            Assert.Equal(new[] { -1, 2 }, session.OutputMetadata["output"].Dimensions);
            Assert.Equal(new[] { -1, 2, 5 }, session.OutputMetadata["hidden"].Dimensions);
            Assert.Equal(new[] { -1, 3 }, session.OutputMetadata["embedding"].Dimensions);
            foreach (var output in session.OutputMetadata.Values) Assert.Equal("batch", output.SymbolicDimensions[0]);
            Assert.Equal(OnnxExport.Opset, 17);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_token_network_takes_int64_ids()
    {
        using var scope = torch.NewDisposeScope();
        using var network = (TokenInput(3) >> Embedding(5, 2) >> Flatten >> Linear(1)).Build("Tokens");
        string path = TempFile();
        try
        {
            network.ExportOnnx(path);
            using var session = new InferenceSession(path);
            Assert.Equal(typeof(long), session.InputMetadata["input"].ElementType);
            Assert.Equal(new[] { -1, 3 }, session.InputMetadata["input"].Dimensions);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unsupported_lists_every_layer_that_cannot_be_exported_with_its_position()
    {
        var architecture = Input(5, 4) >> Linear(6) >> Module(() => new TanhBlock(6, 6), 5, 6) >> Residual(Linear(6) >> ReLU)
                           >> MultiheadAttention(2) >> Module(() => new TanhBlock(6, 6), 5, 6) >> GRU(3) >> Linear(2);
        var found = OnnxExport.Unsupported(architecture);
        Assert.Equal(new[] { "module1", "module4" }, found.Select(l => l.Name));
        Assert.Equal(new[] { 1, 4 }, found.Select(l => l.Position));
        Assert.Equal(new[] { LayerKind.Module, LayerKind.Module }, found.Select(l => l.Layer.Kind));
        Assert.Equal("module1 (Module<TanhBlock>(outputs: 5, 6), layer 1 after Input)", found[0].ToString());
        Assert.Empty(OnnxExport.Unsupported(Networks["Everything with several taps"]()));
        var module = OnnxExport.Unsupported(Input(4) >> Residual(Linear(4) >> Module(() => new TanhBlock(4, 4), 4)) >> Linear(2));
        Assert.Equal("residual0_module1 (Module<TanhBlock>(outputs: 4), layer 1 after Input of its Residual)", Assert.Single(module).ToString());
        Assert.Equal(Enum.GetValues<LayerKind>().Except(new[] { LayerKind.Input, LayerKind.Module }).OrderBy(k => k), OnnxExport.SupportedKinds.OrderBy(k => k));
    }

    [Fact]
    public void A_network_with_an_unsupported_layer_is_refused_by_name_before_anything_is_written()
    {
        using var scope = torch.NewDisposeScope();
        using var network = (TokenInput(6) >> Embedding(10, 4) >> Module(() => new TanhBlock(4, 4), 6, 4).Tap("encoded") >> Flatten >> Linear(2)).Build("TextEncoder");
        string path = TempFile();
        File.Delete(path);
        var error = Assert.Throws<NotSupportedException>(() => network.ExportOnnx(path));
        Assert.StartsWith("Network 'TextEncoder' cannot be exported to ONNX: encoded (Module<TanhBlock>(outputs: 6, 4), layer 1 after Input) has no ONNX export.", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_module_that_is_not_the_architecture_s_is_refused_by_key()
    {
        using var scope = torch.NewDisposeScope();
        using var other = (Input(4) >> ReLU >> Linear(2)).Build("Other");
        var error = Assert.Throws<InvalidOperationException>(
            () => OnnxExport.ToBytes(other, Input(4) >> Linear(2), "Mismatched"));
        Assert.Contains("'linear0.weight'", error.Message);
        Assert.Contains("Network 'Mismatched'", error.Message);
    }

    // Normalisation layers start as the identity (weight 1, bias 0, running mean 0, variance 1), attention with zero
    // biases: move them, so that a dropped scale, shift, statistic or bias shows.
    private static void Perturb(nn.Module network)
    {
        using var _ = torch.no_grad();
        foreach (var (name, value) in network.state_dict())
        {
            if ((name.StartsWith("attention", StringComparison.Ordinal) || name.Contains(".self_attn.", StringComparison.Ordinal)) && name.EndsWith("bias", StringComparison.Ordinal))
                value.copy_(torch.randn_like(value) * 0.3);
            if (!name.Contains("norm", StringComparison.Ordinal) || value.dtype != ScalarType.Float32) continue;
            if (name.EndsWith(".running_var", StringComparison.Ordinal)) value.copy_(torch.rand_like(value) + 0.5);
            else if (name.EndsWith(".weight", StringComparison.Ordinal)) value.copy_(torch.randn_like(value) * 0.3 + 1);
            else value.copy_(torch.randn_like(value) * 0.3);
        }
    }

    private static Tensor Sample(Layer architecture, int batch)
    {
        var shape = architecture.InputShape;
        var dims = new long[] { batch }.Concat(shape.Dims.Select(d => (long)d)).ToArray();
        return shape.ElementType == ElementType.Int64
            ? torch.randint(0, architecture.Specs[1].Vocabulary, dims, dtype: ScalarType.Int64)
            : torch.randn(dims);
    }

    private static Dictionary<string, (float[] Values, long[] Shape)> Run(InferenceSession session, Tensor input)
    {
        using var value = input.dtype == ScalarType.Int64
            ? OrtValue.CreateTensorValueFromMemory(input.data<long>().ToArray(), input.shape)
            : OrtValue.CreateTensorValueFromMemory(input.data<float>().ToArray(), input.shape);
        using var options = new RunOptions();
        using var results = session.Run(options, new[] { OnnxExport.InputName }, new[] { value }, session.OutputNames);
        return session.OutputNames.Zip(results).ToDictionary(
            r => r.First,
            r => (r.Second.GetTensorDataAsSpan<float>().ToArray(), r.Second.GetTensorTypeAndShape().Shape));
    }

    private static void Compare(string kind, string name, Tensor expected, (float[] Values, long[] Shape) actual)
    {
        Assert.Equal(expected.shape, actual.Shape);
        var values = expected.contiguous().data<float>().ToArray();
        double worst = values.Zip(actual.Values, (a, b) => Math.Abs((double)a - b)).Max();
        Assert.True(worst <= Tolerance, $"{kind}: '{name}' differs from TorchSharp's by {worst:G3}.");
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), "dslcrossreg-" + Guid.NewGuid().ToString("N") + ".onnx");
}
