using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DslCrossReg.Interop;
using DslCrossReg.Systems.Tests.Infrastructure;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// The Encoder network's layers (Input(6) >> Linear(8) >> Tanh >> Linear(4) >> Linear(3)) declaring the names of the
/// hand-written PyTorch module of make_pytorch_fixtures.py (self.fc1, self.fc2, self.head).
/// </summary>
[Network]
public partial class PyTorchNamedEncoder
{
    static Layer Architecture => Input(6) >> Linear(8).Named("fc1") >> Tanh >> Linear(4).Named("fc2").Tap("embedding") >> Linear(3).Named("head");
}

/// <summary>A named Residual: its layers' names carry its name as a prefix.</summary>
[Network]
public partial class NamedResidualEncoder
{
    static Layer Architecture => Input(4) >> Residual(Linear(4).Named("fc") >> Tanh).Named("block") >> Linear(2);
}

/// <summary>
/// Networks that declare their PyTorch names with <c>.Named</c>: PyTorch's files load and are written without a
/// names map, and <see cref="PyTorchWeights.SequentialNames"/> follows the declared names.
/// </summary>
public sealed class PyTorchDeclaredNamesTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorch");
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-pytorch-names-" + Guid.NewGuid().ToString("N"));

    public PyTorchDeclaredNamesTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void The_declared_names_are_the_modules_and_the_state_dicts()
    {
        using var network = new PyTorchNamedEncoder();

        Assert.Equal(new[] { "fc1", "tanh1", "fc2", "head" }, network.named_children().Select(c => c.name));
        Assert.Equal(new[] { "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "head.bias", "head.weight" },
            network.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void A_hand_written_PyTorch_modules_file_loads_without_a_map_and_gives_its_outputs()
    {
        using var network = new PyTorchNamedEncoder();
        network.LoadPyTorchWeights(Path.Combine(Fixtures, "encoder_named.safetensors"));

        AssertOutputs(network, "named");
    }

    [Theory]
    [InlineData("encoder.pt")]
    [InlineData("encoder.safetensors")]
    public void Its_export_without_a_map_has_the_hand_written_modules_keys_and_values(string file)
    {
        using var network = new PyTorchNamedEncoder();
        network.LoadPyTorchWeights(Path.Combine(Fixtures, "encoder_named.safetensors"));
        string path = Path.Combine(directory, file);

        network.SavePyTorchWeights(path);

        var pytorch = PlainStateDict.Read(Path.Combine(Fixtures, "encoder_named.safetensors"));
        var ours = PlainStateDict.Read(path);
        try
        {
            Assert.Equal(pytorch.Keys.OrderBy(k => k, StringComparer.Ordinal), ours.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (key, tensor) in pytorch)
                Assert.Equal(tensor.bytes.ToArray(), ours[key].bytes.ToArray());
        }
        finally
        {
            foreach (var tensor in pytorch.Values.Concat(ours.Values)) tensor.Dispose();
        }
    }

    [Fact]
    public void SequentialNames_maps_positions_to_the_declared_names_and_loads_an_nn_Sequential()
    {
        using var network = new PyTorchNamedEncoder();
        var names = network.SequentialNames();

        Assert.Equal(new Dictionary<string, string> { ["0"] = "fc1", ["2"] = "fc2", ["3"] = "head" }, names);
        network.LoadPyTorchWeights(Path.Combine(Fixtures, "encoder_sequential.pt"), names);
        AssertOutputs(network, "sequential");
    }

    [Fact]
    public void SequentialNames_and_the_interpreter_agree_with_the_generated_network()
    {
        using var interpreted = (Input(6) >> Linear(8).Named("fc1") >> Tanh >> Linear(4).Named("fc2") >> Linear(3).Named("head")).Build("Interpreted");
        using var generated = new PyTorchNamedEncoder();

        Assert.Equal(generated.SequentialNames(), interpreted.SequentialNames());
        Assert.Equal(generated.state_dict().Keys, interpreted.state_dict().Keys);
    }

    [Fact]
    public void A_named_Residual_prefixes_its_layers_and_has_no_sequential_name()
    {
        using var network = new NamedResidualEncoder();

        Assert.Equal(new[] { "block_fc.bias", "block_fc.weight", "linear1.bias", "linear1.weight" },
            network.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, string> { ["1"] = "linear1" }, network.SequentialNames());
    }

    [Fact]
    public void SequentialNames_refuses_a_module_not_declared_with_the_DSL()
    {
        using var sequential = nn.Sequential(("0", nn.Linear(6, 8)), ("1", nn.Tanh()));

        var e = Assert.ThrowsAny<ArgumentException>(() => sequential.SequentialNames());
        Assert.StartsWith("Sequential is not a network declared with the DSL (a generated [Network] or an InterpretedNetwork)", e.Message, StringComparison.Ordinal);
    }

    private static void AssertOutputs(PyTorchNamedEncoder network, string module)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "encoder_outputs.json")));
        float[] input = Flat(json.RootElement.GetProperty("input")), expected = Flat(json.RootElement.GetProperty(module));
        network.eval();
        using var x = torch.tensor(input).reshape(-1, 6);
        using var _ = torch.no_grad();
        float[] actual = network.call(x).Result.data<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"output {i}: PyTorch {expected[i]}, ours {actual[i]}");
    }

    private static float[] Flat(JsonElement element)
        => element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flat).ToArray() : new[] { element.GetSingle() };
}
