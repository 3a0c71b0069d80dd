using System;
using System.Linq;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

/// <summary>What the interpreted layers compute, against float64 loops over the module's own parameters.</summary>
[Collection(SeededTests.Name)]
public class LayerSemanticsTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void RangeNormalize_maps_rows_into_0_1_and_a_constant_row_to_zeros()
    {
        using var scope = torch.NewDisposeScope();
        double[,] x = { { 1.0, -2.0, 3.5, 0.5 }, { 1.5, 1.5, 1.5, 1.5 }, { 0.0, 10.0, 5.0, 2.5 } };
        using var net = (Input(4) >> RangeNormalize()).Build("Range");
        var y = Float64.Values2D(net.call(Float64.Matrix(x).to(ScalarType.Float32)).Result);
        for (int i = 0; i < 3; i++)
        {
            var row = Float64.Row(x, i);
            double min = row.Min(), max = row.Max();
            for (int j = 0; j < 4; j++)
            {
                Assert.InRange(y[i, j], 0.0, 1.0);
                Assert.Equal((x[i, j] - min) / Math.Max(max - min, 1e-8), y[i, j], Tolerance);
            }
        }
        Assert.Equal(new double[] { 0, 0, 0, 0 }, Float64.Row(y, 1));
        Assert.Equal(0.0, Float64.Row(y, 0).Min());
        Assert.Equal(1.0, Float64.Row(y, 0).Max(), Tolerance);
    }

    [Fact]
    public void Standardize_gives_rows_mean_0_and_variance_1()
    {
        using var scope = torch.NewDisposeScope();
        double[,] x = { { 1.0, -2.0, 3.5, 0.5, 7.0 }, { 0.25, 0.75, -1.0, 2.0, 0.0 } };
        using var net = (Input(5) >> Standardize()).Build("Z");
        var y = Float64.Values2D(net.call(Float64.Matrix(x).to(ScalarType.Float32)).Result);
        for (int i = 0; i < 2; i++)
        {
            var row = Float64.Row(x, i);
            double mean = row.Average();
            double variance = row.Select(v => (v - mean) * (v - mean)).Average();
            var standardized = Float64.Row(y, i);
            Assert.Equal(0.0, standardized.Average(), 1e-6);
            Assert.Equal(1.0, standardized.Select(v => v * v).Average(), 1e-5);
            for (int j = 0; j < 5; j++) Assert.Equal((x[i, j] - mean) / Math.Sqrt(variance + 1e-8), y[i, j], Tolerance);
        }
    }

    [Fact]
    public void Residual_adds_its_input_to_the_inner_output()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        using var net = (Input(3) >> Residual(Linear(3))).Build("Skip");
        var w = Parameter(net, "residual0_linear0.weight");
        var b = Parameter(net, "residual0_linear0.bias");
        var input = torch.randn(2, 3);
        var x = Float64.Values(input);
        var y = Float64.Values(net.call(input).Result);
        for (int n = 0; n < 2; n++)
            for (int i = 0; i < 3; i++)
            {
                double expected = x[n * 3 + i] + b[i];
                for (int j = 0; j < 3; j++) expected += w[i * 3 + j] * x[n * 3 + j];
                Assert.Equal(expected, y[n * 3 + i], Tolerance);
            }
    }

    [Fact]
    public void Taps_hold_the_intermediate_values()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        using var net = (Input(4) >> Linear(3).Tap("pre") >> ReLU.Tap("post") >> Linear(2)).Build("Tapped");
        var w = Parameter(net, "pre.weight");     // a tapped layer is named after its tap
        var b = Parameter(net, "pre.bias");
        var input = torch.randn(5, 4);
        var x = Float64.Values(input);
        var output = net.call(input);
        var pre = Float64.Values(output.Taps["pre"]);
        var post = Float64.Values(output.Taps["post"]);
        for (int n = 0; n < 5; n++)
            for (int i = 0; i < 3; i++)
            {
                double z = b[i];
                for (int j = 0; j < 4; j++) z += w[i * 4 + j] * x[n * 4 + j];
                Assert.Equal(z, pre[n * 3 + i], Tolerance);
                Assert.Equal(Math.Max(0, z), post[n * 3 + i], Tolerance);
            }
    }

    [Fact]
    public void Embedding_looks_up_rows_by_token_id()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (TokenInput(3) >> Embedding(5, 2)).Build("Lookup");
        var table = Parameter(net, "embedding0.weight");
        long[] ids = { 4, 0, 4, 2, 1, 3 };
        var y = Float64.Values(net.call(torch.tensor(ids, new long[] { 2, 3 })).Result);
        for (int k = 0; k < ids.Length; k++)
            for (int d = 0; d < 2; d++)
                Assert.Equal(table[ids[k] * 2 + d], y[k * 2 + d]);
    }

    [Fact]
    public void LSTM_returns_the_final_hidden_state()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(21);
        const int L = 4, F = 3, H = 2, N = 2;
        using var net = (Input(L, F) >> LSTM(H)).Build("Seq");
        var wi = Parameter(net, "lstm0.weight_ih_l0");
        var wh = Parameter(net, "lstm0.weight_hh_l0");
        var bi = Parameter(net, "lstm0.bias_ih_l0");
        var bh = Parameter(net, "lstm0.bias_hh_l0");
        var input = torch.randn(N, L, F);
        var x = Float64.Values(input);
        var y = Float64.Values(net.call(input).Result);
        for (int n = 0; n < N; n++)
        {
            var h = new double[H];
            var c = new double[H];
            for (int t = 0; t < L; t++)
            {
                // PyTorch's gate order: input, forget, cell, output.
                var gate = new double[4 * H];
                for (int g = 0; g < 4 * H; g++)
                {
                    gate[g] = bi[g] + bh[g];
                    for (int j = 0; j < F; j++) gate[g] += wi[g * F + j] * x[(n * L + t) * F + j];
                    for (int j = 0; j < H; j++) gate[g] += wh[g * H + j] * h[j];
                }
                for (int k = 0; k < H; k++)
                {
                    c[k] = Sigmoid(gate[H + k]) * c[k] + Sigmoid(gate[k]) * Math.Tanh(gate[2 * H + k]);
                    h[k] = Sigmoid(gate[3 * H + k]) * Math.Tanh(c[k]);
                }
            }
            for (int k = 0; k < H; k++) Assert.Equal(h[k], y[n * H + k], Tolerance);
        }
    }

    [Fact]
    public void GRU_returns_the_final_hidden_state()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(22);
        const int L = 3, F = 2, H = 3, N = 2;
        using var net = (Input(L, F) >> GRU(H)).Build("Seq");
        var wi = Parameter(net, "gru0.weight_ih_l0");
        var wh = Parameter(net, "gru0.weight_hh_l0");
        var bi = Parameter(net, "gru0.bias_ih_l0");
        var bh = Parameter(net, "gru0.bias_hh_l0");
        var input = torch.randn(N, L, F);
        var x = Float64.Values(input);
        var y = Float64.Values(net.call(input).Result);
        for (int n = 0; n < N; n++)
        {
            var h = new double[H];
            for (int t = 0; t < L; t++)
            {
                // PyTorch's gate order: reset, update, new; the reset gate scales the recurrent part of "new".
                var gi = new double[3 * H];
                var gh = new double[3 * H];
                for (int g = 0; g < 3 * H; g++)
                {
                    gi[g] = bi[g];
                    gh[g] = bh[g];
                    for (int j = 0; j < F; j++) gi[g] += wi[g * F + j] * x[(n * L + t) * F + j];
                    for (int j = 0; j < H; j++) gh[g] += wh[g * H + j] * h[j];
                }
                var next = new double[H];
                for (int k = 0; k < H; k++)
                {
                    double r = Sigmoid(gi[k] + gh[k]);
                    double z = Sigmoid(gi[H + k] + gh[H + k]);
                    double candidate = Math.Tanh(gi[2 * H + k] + r * gh[2 * H + k]);
                    next[k] = (1 - z) * candidate + z * h[k];
                }
                h = next;
            }
            for (int k = 0; k < H; k++) Assert.Equal(h[k], y[n * H + k], Tolerance);
        }
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static double[] Parameter(nn.Module net, string name)
        => Float64.Values(net.named_parameters().Single(p => p.name == name).parameter);
}
