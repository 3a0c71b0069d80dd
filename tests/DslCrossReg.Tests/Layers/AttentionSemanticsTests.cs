using System;
using System.Linq;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

/// <summary>
/// What MultiheadAttention and TransformerEncoderLayer compute on a batch-first [N, L, F] input, against float64 loops
/// over the modules' own parameters: scaled dot-product self-attention per head, as "Attention Is All You Need" defines
/// it and PyTorch documents its in_proj/out_proj layout, and the post-norm encoder layer's documented composition.
/// </summary>
[Collection(SeededTests.Name)]
public class AttentionSemanticsTests
{
    private const double Tolerance = 1e-5;
    private const int N = 3, L = 4, F = 6;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MultiheadAttention_is_per_sample_scaled_dot_product_self_attention(int heads)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5 + heads);
        using var net = (Input(L, F) >> MultiheadAttention(heads)).Build("Attend");
        net.eval();
        var input = torch.randn(N, L, F);
        AssertClose(Attention(Float64.Values(input), heads, net, "attention0."), net.call(input).Result);
    }

    [Fact]
    public void TransformerEncoderLayer_is_post_norm_attention_then_a_relu_feed_forward_block()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(17);
        const int ff = 5;
        using var net = (Input(L, F) >> TransformerEncoderLayer(2, feedforward: ff)).Build("Encode");
        net.eval();
        var input = torch.randn(N, L, F);
        var x = Float64.Values(input);

        // x1 = LayerNorm1(x + SelfAttention(x)); y = LayerNorm2(x1 + W2 ReLU(W1 x1 + b1) + b2), ε = 1e-5 (PyTorch's defaults).
        var attended = Attention(x, 2, net, "encoder0.self_attn.");
        var x1 = LayerNorm(x.Select((v, i) => v + attended[i]).ToArray(), Parameter(net, "encoder0.norm1.weight"), Parameter(net, "encoder0.norm1.bias"));
        var hidden = Affine(x1, Parameter(net, "encoder0.linear1.weight"), Parameter(net, "encoder0.linear1.bias"), F, ff).Select(v => Math.Max(v, 0)).ToArray();
        var back = Affine(hidden, Parameter(net, "encoder0.linear2.weight"), Parameter(net, "encoder0.linear2.bias"), ff, F);
        var expected = LayerNorm(x1.Select((v, i) => v + back[i]).ToArray(), Parameter(net, "encoder0.norm2.weight"), Parameter(net, "encoder0.norm2.bias"));

        AssertClose(expected, net.call(input).Result);
    }

    [Fact]
    public void Dropout_acts_while_training_and_not_in_eval_mode()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        using var attention = (Input(L, F) >> MultiheadAttention(2, dropout: 0.5)).Build("Attend");
        using var encoder = (Input(L, F) >> TransformerEncoderLayer(2, feedforward: 8, dropout: 0.5)).Build("Encode");
        var input = torch.randn(N, L, F);
        foreach (var net in new[] { attention, encoder })
        {
            net.train();
            var first = net.call(input).Result;
            var second = net.call(input).Result;
            Assert.False(Same(first, second), $"{net.NetworkName}: two training passes should draw different dropout masks");
            net.eval();
            Assert.True(Same(net.call(input).Result, net.call(input).Result), $"{net.NetworkName}: eval mode must be deterministic");
        }
        // In eval mode the reference (no dropout) holds even though the layer was declared with dropout.
        AssertClose(Attention(Float64.Values(input), 2, attention, "attention0."), attention.call(input).Result);
    }

    [Fact]
    public void Gradients_reach_every_attention_parameter()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        using var net = (Input(L, F) >> TransformerEncoderLayer(3, feedforward: 7) >> MultiheadAttention(2)).Build("Both");
        net.call(torch.randn(N, L, F)).Result.square().sum().backward();
        var names = net.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(
            new[]
            {
                "encoder0.self_attn.in_proj_weight", "encoder0.self_attn.in_proj_bias", "encoder0.self_attn.out_proj.weight", "encoder0.self_attn.out_proj.bias",
                "encoder0.linear1.weight", "encoder0.linear1.bias", "encoder0.linear2.weight", "encoder0.linear2.bias",
                "encoder0.norm1.weight", "encoder0.norm1.bias", "encoder0.norm2.weight", "encoder0.norm2.bias",
                "attention1.in_proj_weight", "attention1.in_proj_bias", "attention1.out_proj.weight", "attention1.out_proj.bias",
            },
            names);
        foreach (var (name, parameter) in net.named_parameters())
            Assert.True(parameter.grad is not null && parameter.grad.abs().sum().item<float>() > 0, name + " has no gradient");
    }

    /// <summary>
    /// Self-attention of each sample to itself: q, k, v = x·W_{q,k,v}ᵀ + b (in_proj's rows in that order), per head of
    /// width d = F / heads softmax(q kᵀ / √d) v, the heads side by side, then out_proj.
    /// </summary>
    private static double[] Attention(double[] x, int heads, nn.Module net, string prefix)
    {
        var inW = Parameter(net, prefix + "in_proj_weight");
        var inB = Parameter(net, prefix + "in_proj_bias");
        var q = Affine(x, inW[..(F * F)], inB[..F], F, F);
        var k = Affine(x, inW[(F * F)..(2 * F * F)], inB[F..(2 * F)], F, F);
        var v = Affine(x, inW[(2 * F * F)..], inB[(2 * F)..], F, F);
        int d = F / heads;
        var context = new double[x.Length];
        for (int n = 0; n < N; n++)
            for (int h = 0; h < heads; h++)
                for (int t = 0; t < L; t++)
                {
                    var scores = new double[L];
                    for (int s = 0; s < L; s++)
                    {
                        for (int c = 0; c < d; c++) scores[s] += q[(n * L + t) * F + h * d + c] * k[(n * L + s) * F + h * d + c];
                        scores[s] /= Math.Sqrt(d);
                    }
                    var weights = ReferenceMath.LogSoftmax(scores).Select(Math.Exp).ToArray();
                    for (int c = 0; c < d; c++)
                        for (int s = 0; s < L; s++)
                            context[(n * L + t) * F + h * d + c] += weights[s] * v[(n * L + s) * F + h * d + c];
                }
        return Affine(context, Parameter(net, prefix + "out_proj.weight"), Parameter(net, prefix + "out_proj.bias"), F, F);
    }

    /// <summary>Each row of <paramref name="x"/> (width <paramref name="inWidth"/>) times Wᵀ plus b.</summary>
    private static double[] Affine(double[] x, double[] w, double[] b, int inWidth, int outWidth)
    {
        int rows = x.Length / inWidth;
        var y = new double[rows * outWidth];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outWidth; o++)
            {
                double sum = b[o];
                for (int j = 0; j < inWidth; j++) sum += w[o * inWidth + j] * x[r * inWidth + j];
                y[r * outWidth + o] = sum;
            }
        return y;
    }

    /// <summary>Each row of width F to mean 0 and variance 1 (biased, ε = 1e-5), then scaled and shifted.</summary>
    private static double[] LayerNorm(double[] x, double[] scale, double[] shift)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / F; r++)
        {
            var row = x[(r * F)..((r + 1) * F)];
            double mean = ReferenceMath.Mean(row);
            double variance = row.Select(v => (v - mean) * (v - mean)).Sum() / F;
            for (int j = 0; j < F; j++) y[r * F + j] = (row[j] - mean) / Math.Sqrt(variance + 1e-5) * scale[j] + shift[j];
        }
        return y;
    }

    private static void AssertClose(double[] expected, Tensor result)
    {
        Assert.Equal(new long[] { N, L, F }, result.shape);
        var actual = Float64.Values(result);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Tolerance);
    }

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    private static double[] Parameter(nn.Module net, string name)
        => Float64.Values(net.named_parameters().Single(p => p.name == name).parameter);
}
