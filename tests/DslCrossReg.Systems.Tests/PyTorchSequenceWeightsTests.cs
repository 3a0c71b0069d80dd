using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DslCrossReg.Interop;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// PyTorch state dicts of the token and sequence layers (Embedding, LSTM, GRU, LayerNorm, TransformerEncoderLayer,
/// MultiheadAttention), written by make_pytorch_fixtures.py with PyTorch 1.13: each fixture NAME has NAME.pt,
/// NAME.safetensors and NAME.json (the int64 token ids, PyTorch's output on them in eval mode, and the keys of
/// PyTorch's state dict).
/// </summary>
public sealed class PyTorchSequenceWeightsTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorch");

    // make_pytorch_fixtures.py's LstmTagger and AttentionTagger modules: attribute → our layer.
    private static readonly Dictionary<string, string> LstmNames = new()
    {
        ["embed"] = "embedding0", ["lstm"] = "lstm1", ["norm"] = "layernorm2", ["head"] = "linear3",
    };

    private static readonly Dictionary<string, string> AttentionNames = new()
    {
        ["embed"] = "embedding0", ["encoder"] = "encoder1", ["attn"] = "attention2", ["head"] = "linear4",
    };

    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-pytorch-sequence-" + Guid.NewGuid().ToString("N"));

    public PyTorchSequenceWeightsTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string, string> FixtureFiles() => new()
    {
        { "lstm_named", ".pt" },
        { "lstm_named", ".safetensors" },
        { "gru_sequential", ".pt" },
        { "gru_sequential", ".safetensors" },
        { "attention_named", ".pt" },
        { "attention_named", ".safetensors" },
    };

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void A_network_loaded_from_PyTorch_gives_PyTorchs_outputs(string fixture, string extension)
    {
        torch.manual_seed(31);
        using var network = Network.For(fixture);
        network.Module.LoadPyTorchWeights(Fixture(fixture + extension), network.Names);

        using var json = Json(fixture);
        var input = json.RootElement.GetProperty("input");
        long[] ids = Rows(input).Select(v => v.GetInt64()).ToArray();
        float[] expected = Rows(json.RootElement.GetProperty("output")).Select(v => v.GetSingle()).ToArray();

        network.Module.eval();
        using var _ = torch.no_grad();
        using var tokens = torch.tensor(ids).reshape(input.GetArrayLength(), -1);
        using var output = network.Forward(tokens);
        float[] actual = output.data<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{fixture}{extension} output {i}: PyTorch {expected[i]}, ours {actual[i]}");
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void An_exported_file_has_PyTorchs_keys_and_the_loaded_values(string fixture, string extension)
    {
        using var network = Network.For(fixture);
        network.Module.LoadPyTorchWeights(Fixture(fixture + ".safetensors"), network.Names);
        string path = Path.Combine(directory, fixture + extension);

        network.Module.SavePyTorchWeights(path, network.Names);

        using var json = Json(fixture);
        var pytorchKeys = json.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!)
            .Order(StringComparer.Ordinal).ToList();
        var exported = PlainStateDict.Read(path);
        var original = Safetensors.LoadStateDict(Fixture(fixture + ".safetensors"));
        try
        {
            Assert.Equal(pytorchKeys, exported.Keys.Order(StringComparer.Ordinal).ToList());
            foreach (var key in pytorchKeys)
                Assert.True(exported[key].bytes.SequenceEqual(original[key].bytes), $"{key}: the exported tensor differs from the one loaded");
        }
        finally
        {
            foreach (var tensor in exported.Values.Concat(original.Values)) tensor.Dispose();
        }
    }

    // A json matrix's values, row after row.
    private static IEnumerable<JsonElement> Rows(JsonElement matrix) => matrix.EnumerateArray().SelectMany(row => row.EnumerateArray());

    private static string Fixture(string name) => Path.Combine(Fixtures, name);

    private static JsonDocument Json(string fixture) => JsonDocument.Parse(File.ReadAllText(Fixture(fixture + ".json")));

    /// <summary>The generated network a fixture was written for, the names that map the fixture's keys to it, and its forward pass.</summary>
    private sealed record Network(nn.Module Module, IReadOnlyDictionary<string, string> Names, Func<Tensor, Tensor> Forward) : IDisposable
    {
        public static Network For(string fixture)
        {
            switch (fixture)
            {
                case "lstm_named":
                {
                    var lstm = new LstmTagger();
                    return new(lstm, LstmNames, x => lstm.call(x).Result);
                }
                case "gru_sequential":
                {
                    var gru = new GruTagger();
                    return new(gru, gru.SequentialNames(), x => gru.call(x).Result);
                }
                case "attention_named":
                {
                    var attention = new AttentionTagger();
                    return new(attention, AttentionNames, x => attention.call(x).Result);
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(fixture), fixture, "no network for this fixture");
            }
        }

        public void Dispose() => Module.Dispose();
    }
}
