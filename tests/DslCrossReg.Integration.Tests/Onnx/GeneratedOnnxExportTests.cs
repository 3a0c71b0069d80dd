using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Onnx;

[Network]
public partial class ExportedClassifier
{
    static Layer Architecture =>
        Input(1, 10, 9)
        >> Conv2d(4, kernel: 3, padding: 1) >> BatchNorm2d >> ReLU >> MaxPool2d(2)
        >> Flatten >> Linear(12) >> GELU >> Residual(Linear(12) >> Tanh)
        >> LayerNorm.Tap("embedding") >> Linear(3);
}

[Network]
public partial class ExportedReader
{
    static Layer Architecture => TokenInput(8) >> Embedding(20, 6) >> GRU(5).Tap("summary") >> Linear(2);

    public byte[] Onnx() => OnnxExport.ToBytes(this, Architecture, nameof(ExportedReader));
}

/// <summary>A generated network exports itself with its generated ExportOnnx (its parameters have the interpreter's names) and ONNX Runtime agrees with it.</summary>
public sealed class GeneratedOnnxExportTests
{
    [Fact]
    public void A_generated_convolutional_network_exports_with_its_tap()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        using var network = new ExportedClassifier();
        using (torch.no_grad())
        {
            // Move BatchNorm's statistics off the identity so that they count.
            foreach (var (name, value) in network.state_dict().Where(e => e.Key.StartsWith("batchnorm", StringComparison.Ordinal) && e.Value.dtype == ScalarType.Float32))
                value.copy_(torch.rand_like(value) + 0.5);
        }
        network.eval();
        string path = Path.Combine(Path.GetTempPath(), "dcr-generated-" + Guid.NewGuid().ToString("N") + ".onnx");
        try
        {
            network.ExportOnnx(path);
            using var session = new InferenceSession(path);
            Assert.Equal(new[] { "output", "embedding" }, session.OutputNames);
            foreach (int batch in new[] { 2, 5 })
            {
                var x = torch.randn(batch, 1, 10, 9);
                var expected = network.call(x);
                var actual = Run(session, x.data<float>().ToArray(), x.shape);
                AssertClose(expected.Result, actual[0]);
                AssertClose(expected.Embedding, actual[1]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_generated_token_network_with_a_GRU_exports()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(12);
        using var network = new ExportedReader();
        network.eval();
        using var session = new InferenceSession(network.Onnx());
        var ids = torch.randint(0, 20, new long[] { 5, 8 }, dtype: ScalarType.Int64);
        var expected = network.call(ids);
        using var value = OrtValue.CreateTensorValueFromMemory(ids.data<long>().ToArray(), ids.shape);
        using var options = new RunOptions();
        using var results = session.Run(options, new[] { "input" }, new[] { value }, session.OutputNames);
        AssertClose(expected.Result, results[0].GetTensorDataAsSpan<float>().ToArray());
        AssertClose(expected.Summary, results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static float[][] Run(InferenceSession session, float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var options = new RunOptions();
        using var results = session.Run(options, new[] { "input" }, new[] { value }, session.OutputNames);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    private static void AssertClose(Tensor expected, float[] actual)
    {
        var values = expected.contiguous().data<float>().ToArray();
        Assert.Equal(values.Length, actual.Length);
        double worst = values.Zip(actual, (a, b) => Math.Abs((double)a - b)).Max();
        Assert.True(worst <= 1e-5, $"differs from TorchSharp's by {worst:G3}");
    }
}
