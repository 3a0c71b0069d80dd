using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DslCrossReg.Interop;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// PyTorch state dicts in and out of generated networks. The fixtures under Fixtures/PyTorch were written by
/// make_pytorch_fixtures.py with PyTorch 1.13: the Encoder network's layers as an nn.Sequential (.pt and
/// safetensors) and as a hand-written module (fc1, fc2, head), with each module's output on a fixed input.
/// </summary>
public sealed class PyTorchWeightsTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorch");
    private static readonly Dictionary<string, string> HandWrittenNames = new() { ["fc1"] = "linear0", ["fc2"] = "embedding", ["head"] = "linear3" };
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-pytorch-" + Guid.NewGuid().ToString("N"));

    public PyTorchWeightsTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static string Fixture(string name) => Path.Combine(Fixtures, name);

    [Theory]
    [InlineData("encoder_sequential.pt")]
    [InlineData("encoder_sequential.safetensors")]
    public void A_frozen_teacher_loaded_from_an_nn_Sequential_gives_PyTorchs_outputs(string file)
    {
        using var system = new DistilledKl(seed: 5);
        system.Teacher.LoadPyTorchWeights(Fixture(file), system.Teacher.SequentialNames());

        AssertOutputs(system.Teacher, "sequential");
        Assert.All(system.Teacher.parameters(), p => Assert.False(p.requires_grad));   // still frozen
    }

    [Fact]
    public void A_hand_written_modules_names_map_by_prefix()
    {
        using var network = new Encoder();
        network.LoadPyTorchWeights(Fixture("encoder_named.safetensors"), HandWrittenNames);

        AssertOutputs(network, "named");
    }

    [Fact]
    public void The_sequential_names_are_each_layers_position()
    {
        using var network = new Encoder();
        var names = network.SequentialNames();

        Assert.Equal(new Dictionary<string, string> { ["0"] = "linear0", ["2"] = "embedding", ["3"] = "linear3" }, names);
    }

    [Theory]
    [InlineData("conv_sequential.pt")]
    [InlineData("conv_sequential.safetensors")]
    public void A_conv_network_with_batchnorm_statistics_gives_PyTorchs_outputs(string file)
    {
        using var network = new ConvEncoder();
        network.LoadPyTorchWeights(Fixture(file), network.SequentialNames());

        Assert.Equal(3L, network.state_dict()["batchnorm1.num_batches_tracked"].item<long>());
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture("conv_outputs.json")));
        float[] input = Flat(json.RootElement.GetProperty("input")), expected = Flat(json.RootElement.GetProperty("sequential"));
        network.eval();
        using var x = torch.tensor(input).reshape(3, 1, 6, 6);
        using var _ = torch.no_grad();
        float[] actual = network.call(x).Result.data<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"output {i}: PyTorch {expected[i]}, ours {actual[i]}");
    }

    [Fact]
    public void A_conv_network_round_trips_bit_for_bit_buffers_included()
    {
        torch.manual_seed(12);
        using var trained = new ConvEncoder();
        trained.LoadPyTorchWeights(Fixture("conv_sequential.safetensors"), trained.SequentialNames());
        using var fresh = new ConvEncoder();
        string path = PathOf("conv.pt");

        trained.SavePyTorchWeights(path, trained.SequentialNames());
        fresh.LoadPyTorchWeights(path, fresh.SequentialNames());

        Assert.Equal(Bytes(trained), Bytes(fresh));
    }

    private static float[] Flat(JsonElement element)
        => element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flat).ToArray() : new[] { element.GetSingle() };

    [Theory]
    [InlineData("weights.pt", PyTorchWeightFormat.FromExtension)]
    [InlineData("weights.safetensors", PyTorchWeightFormat.FromExtension)]
    [InlineData("weights.data", PyTorchWeightFormat.Pickle)]
    [InlineData("weights.data", PyTorchWeightFormat.Safetensors)]
    public void Export_then_load_gives_bit_identical_parameters(string file, PyTorchWeightFormat format)
    {
        torch.manual_seed(10);
        using var trained = new Encoder();
        torch.manual_seed(11);
        using var fresh = new Encoder();
        Assert.NotEqual(Bytes(trained), Bytes(fresh));

        string path = PathOf(file);
        trained.SavePyTorchWeights(path, trained.SequentialNames(), format);
        fresh.LoadPyTorchWeights(path, fresh.SequentialNames(), format);

        Assert.Equal(Bytes(trained), Bytes(fresh));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void Exported_keys_are_the_PyTorch_names()
    {
        using var network = new Encoder();
        string path = PathOf("named.safetensors");
        network.SavePyTorchWeights(path, HandWrittenNames);

        var state = Safetensors.LoadStateDict(path);
        try
        {
            Assert.Equal(new[] { "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "head.bias", "head.weight" }, state.Keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }

    [Fact]
    public void Exporting_over_a_larger_file_leaves_no_stale_bytes()
    {
        using var network = new Encoder();
        string path = PathOf("over.safetensors");
        File.WriteAllBytes(path, new byte[100_000]);
        network.SavePyTorchWeights(path);

        torch.manual_seed(3);
        using var other = new Encoder();
        other.LoadPyTorchWeights(path);
        Assert.Equal(Bytes(network), Bytes(other));
        Assert.True(new FileInfo(path).Length < 10_000);
    }

    [Fact]
    public void A_missing_key_is_named_and_nothing_changes()
    {
        var e = Refused(Without("3.bias"));

        Assert.Equal(new[] { "linear3.bias" }, e.MissingKeys);
        Assert.Empty(e.UnexpectedKeys);
        Assert.Empty(e.MisshapedKeys);
        Assert.Contains("linear3.bias [3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was loaded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_key_is_named_and_nothing_changes()
    {
        var e = Refused(With("4.weight", torch.zeros(3, 3)));

        Assert.Empty(e.MissingKeys);
        Assert.Equal(new[] { "4.weight" }, e.UnexpectedKeys);
        Assert.Empty(e.MisshapedKeys);
        Assert.Contains("4.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mis_shaped_key_is_named_with_both_shapes_and_nothing_changes()
    {
        var e = Refused(With("2.weight", torch.zeros(4, 9)));

        Assert.Empty(e.MissingKeys);
        Assert.Empty(e.UnexpectedKeys);
        Assert.Equal(new[] { "2.weight" }, e.MisshapedKeys);
        Assert.Contains("2.weight (as embedding.weight): file [4, 9], network [4, 8]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_element_type_is_mis_shaped_too()
    {
        var e = Refused(With("0.bias", torch.zeros(8, dtype: ScalarType.Float64)));

        Assert.Equal(new[] { "0.bias" }, e.MisshapedKeys);
        Assert.Contains("file [8] Float64, network [8]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_listed_in_one_exception()
    {
        var state = Sequential();
        Remove(state, "3.bias");
        Remove(state, "0.weight");
        Replace(state, "2.weight", torch.zeros(4, 9));
        Replace(state, "2.bias", torch.zeros(5));
        Replace(state, "4.weight", torch.zeros(3, 3));
        Replace(state, "extra", torch.zeros(1));

        var e = Refused(state);

        Assert.Equal(new[] { "linear0.weight", "linear3.bias" }, e.MissingKeys);
        Assert.Equal(new[] { "4.weight", "extra" }, e.UnexpectedKeys);
        Assert.Equal(new[] { "2.bias", "2.weight" }, e.MisshapedKeys);
        foreach (var key in new[] { "linear0.weight [8, 6]", "linear3.bias [3]", "4.weight", "extra", "2.bias (as embedding.bias): file [5], network [4]", "2.weight (as embedding.weight): file [4, 9], network [4, 8]" })
            Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_file_keys_for_one_tensor_are_refused()
    {
        var state = Safetensors.LoadStateDict(Fixture("encoder_named.safetensors"));
        state["linear0.weight"] = torch.zeros(8, 6);
        string path = PathOf("twice.safetensors");
        Safetensors.SaveStateDict(path, state);
        Dispose(state);
        using var network = new Encoder();
        var before = Bytes(network);

        var e = Assert.Throws<PyTorchWeightsException>(() => network.LoadPyTorchWeights(path, HandWrittenNames));

        Assert.Equal(new[] { "linear0.weight" }, e.UnexpectedKeys);
        Assert.Contains("linear0.weight, also given by fc1.weight", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Bytes(network));
    }

    [Fact]
    public void A_map_that_saves_two_tensors_under_one_name_is_refused_before_writing()
    {
        using var network = new Encoder();
        string path = PathOf("clash.pt");
        var names = new Dictionary<string, string> { ["embedding"] = "linear0" };   // linear0 → embedding, and embedding (the tapped layer) stays embedding

        var e = Assert.ThrowsAny<ArgumentException>(() => network.SavePyTorchWeights(path, names));

        Assert.Contains("'embedding.", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_pt_file_with_an_unexpected_key_is_refused_too()
    {
        using var network = new Encoder();
        var before = Bytes(network);
        string path = PathOf("extra.pt");
        var state = With("extra.weight", torch.ones(2));
        PyTorchPickler.PickleStateDict(path, state);
        Dispose(state);

        var e = Assert.Throws<PyTorchWeightsException>(() => network.LoadPyTorchWeights(path, network.SequentialNames()));

        Assert.Equal(new[] { "extra.weight" }, e.UnexpectedKeys);
        Assert.Equal(before, Bytes(network));
    }

    [Fact]
    public void Names_that_differ_without_a_map_are_all_unexpected_and_the_message_says_how_to_map_them()
    {
        using var network = new Encoder();
        var before = Bytes(network);

        var e = Assert.Throws<PyTorchWeightsException>(() => network.LoadPyTorchWeights(Fixture("encoder_named.safetensors")));

        Assert.Equal(6, e.MissingKeys.Count);
        Assert.Equal(6, e.UnexpectedKeys.Count);
        Assert.Contains("linear0, embedding, linear3", e.Message, StringComparison.Ordinal);
        Assert.Contains("SequentialNames", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Bytes(network));
    }

    [Fact]
    public void A_file_that_is_not_a_state_dict_is_refused_and_nothing_changes()
    {
        using var network = new Encoder();
        var before = Bytes(network);
        string pt = PathOf("garbage.pt"), safetensors = PathOf("garbage.safetensors");
        File.WriteAllBytes(pt, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        File.WriteAllBytes(safetensors, new byte[] { 4, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x' });

        Assert.Throws<PyTorchWeightsException>(() => network.LoadPyTorchWeights(pt));
        Assert.Throws<PyTorchWeightsException>(() => network.LoadPyTorchWeights(safetensors));
        Assert.Throws<FileNotFoundException>(() => network.LoadPyTorchWeights(PathOf("absent.pt")));
        Assert.Equal(before, Bytes(network));
    }

    [Fact]
    public void An_unknown_extension_asks_for_the_format()
    {
        using var network = new Encoder();
        var e = Assert.ThrowsAny<ArgumentException>(() => network.LoadPyTorchWeights(PathOf("weights.ckpt")));
        Assert.Contains("pass format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_names_for_one_layer_are_refused()
    {
        using var network = new Encoder();
        var names = new Dictionary<string, string> { ["a"] = "linear0", ["b"] = "linear0" };
        Assert.ThrowsAny<ArgumentException>(() => network.SavePyTorchWeights(PathOf("x.pt"), names));
    }

    // Loads `state`, written as safetensors, into a fresh Encoder through the nn.Sequential names; asserts the refusal
    // left every parameter bit-identical.
    private PyTorchWeightsException Refused(Dictionary<string, Tensor> state)
    {
        string path = PathOf("refused.safetensors");
        Safetensors.SaveStateDict(path, state);
        Dispose(state);
        torch.manual_seed(21);
        using var network = new Encoder();
        var before = Bytes(network);

        var e = Assert.Throws<PyTorchWeightsException>(() => network.LoadPyTorchWeights(path, network.SequentialNames()));

        Assert.Equal(before, Bytes(network));
        return e;
    }

    private static Dictionary<string, Tensor> Sequential() => Safetensors.LoadStateDict(Fixture("encoder_sequential.safetensors"));

    private static Dictionary<string, Tensor> Without(string key)
    {
        var state = Sequential();
        Remove(state, key);
        return state;
    }

    private static Dictionary<string, Tensor> With(string key, Tensor tensor)
    {
        var state = Sequential();
        Replace(state, key, tensor);
        return state;
    }

    private static void Remove(Dictionary<string, Tensor> state, string key)
    {
        state[key].Dispose();
        state.Remove(key);
    }

    private static void Replace(Dictionary<string, Tensor> state, string key, Tensor tensor)
    {
        if (state.TryGetValue(key, out var old)) old.Dispose();
        state[key] = tensor;
    }

    private static void Dispose(Dictionary<string, Tensor> state)
    {
        foreach (var tensor in state.Values) tensor.Dispose();
    }

    private static void AssertOutputs(Encoder network, string module)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture("encoder_outputs.json")));
        float[,] input = Matrix(json.RootElement.GetProperty("input")), expected = Matrix(json.RootElement.GetProperty(module));

        network.eval();
        using var x = torch.tensor(input);
        using var _ = torch.no_grad();
        var output = network.call(x);
        float[] actual = output.Result.data<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        int i = 0;
        foreach (float value in expected)
        {
            Assert.True(Math.Abs(value - actual[i]) <= 1e-5, $"output {i}: PyTorch {value}, ours {actual[i]}");
            i++;
        }
    }

    private static float[,] Matrix(JsonElement rows)
    {
        var values = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var matrix = new float[values.Length, values[0].Length];
        for (int r = 0; r < values.Length; r++)
            for (int c = 0; c < values[r].Length; c++)
                matrix[r, c] = values[r][c];
        return matrix;
    }

    // Each tensor's name and bytes, for bit-for-bit comparisons.
    private static List<string> Bytes(nn.Module module)
        => module.state_dict().OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + ":" + Convert.ToBase64String(e.Value.bytes.ToArray())).ToList();
}
