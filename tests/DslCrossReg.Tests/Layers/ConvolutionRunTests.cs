using System;
using System.Linq;
using DslCrossReg.Modules;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

/// <summary>
/// <see cref="Convolutions.Run(TorchSharp.Modules.Conv2d, Tensor)"/> skips TorchSharp's input check, not the layer:
/// the same values and gradients as the layer's own <c>call</c>, and every hook a user registers still runs.
/// </summary>
public class ConvolutionRunTests
{
    public static TheoryData<int, int, int, bool> Conv2dCases => new()
    {
        { 3, 1, 0, true },
        { 5, 2, 2, true },
        { 3, 2, 1, false },
        { 1, 1, 0, true },
    };

    [Theory]
    [MemberData(nameof(Conv2dCases))]
    public void Conv2d_values_and_gradients_are_the_layers_own_bit_for_bit(int kernel, int stride, int padding, bool bias)
    {
        using var conv = nn.Conv2d(3, 4, kernel, stride, padding, bias: bias);
        using var x = Random(new long[] { 2, 3, 11, 9 }, seed: 7);
        AssertSameAsCall(conv, x, () => Convolutions.Run(conv, x), () => conv.call(x));
    }

    [Theory]
    [MemberData(nameof(Conv2dCases))]
    public void Conv1d_values_and_gradients_are_the_layers_own_bit_for_bit(int kernel, int stride, int padding, bool bias)
    {
        using var conv = nn.Conv1d(3, 4, kernel, stride, padding, bias: bias);
        using var x = Random(new long[] { 2, 3, 13 }, seed: 8);
        AssertSameAsCall(conv, x, () => Convolutions.Run(conv, x), () => conv.call(x));
    }

    [Fact]
    public void The_hook_dictionaries_of_the_pinned_TorchSharp_are_readable_and_empty_on_a_new_layer()
    {
        // Pins the protected field names ModuleHooks reads: were they renamed, every convolution would quietly take
        // TorchSharp's own forward again (still right, no longer what the benchmarks measured).
        using var conv = nn.Conv2d(1, 2, 3);
        Assert.False(ModuleHooks.MayHaveAny(conv));
        Assert.True(ModuleHooks.Readable);
    }

    [Fact]
    public void Every_kind_of_hook_registered_on_a_Conv2d_runs_and_its_result_is_used()
    {
        using var conv = nn.Conv2d(1, 2, 3);
        using var x = Random(new long[] { 1, 1, 5, 5 }, seed: 9);
        using var plain = Convolutions.Run(conv, x);
        int modulePre = 0, modulePost = 0, pre = 0, post = 0;

        var r1 = conv.register_forward_pre_hook((Action<nn.Module>)(_ => modulePre++));
        Assert.True(ModuleHooks.MayHaveAny(conv));
        var r2 = conv.register_forward_hook((Action<nn.Module>)(_ => modulePost++));
        var r3 = conv.register_forward_pre_hook((m, input) => { pre++; return input * 2; });
        var r4 = conv.register_forward_hook((m, input, output) => { post++; return output + 1; });

        using (var hooked = Convolutions.Run(conv, x))
        using (var expected = conv.forward(x * 2) + 1)
            Assert.True(Same(hooked, expected));
        Assert.Equal((1, 1, 1, 1), (modulePre, modulePost, pre, post));

        foreach (var remover in new[] { r1, r2 }) remover.remove();
        r3.remove();
        Assert.True(ModuleHooks.MayHaveAny(conv));
        r4.remove();
        Assert.False(ModuleHooks.MayHaveAny(conv));
        using var again = Convolutions.Run(conv, x);
        Assert.True(Same(again, plain));
        Assert.Equal((1, 1, 1, 1), (modulePre, modulePost, pre, post));
    }

    [Fact]
    public void A_Conv1d_post_hook_runs()
    {
        using var conv = nn.Conv1d(2, 3, 3);
        using var x = Random(new long[] { 2, 2, 7 }, seed: 10);
        int calls = 0;
        conv.register_forward_hook((m, input, output) => { calls++; return output.neg(); });
        using var hooked = Convolutions.Run(conv, x);
        using var expected = conv.forward(x).neg();
        Assert.True(Same(hooked, expected));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_padding_rule_set_after_construction_goes_through_the_layers_own_forward()
    {
        using var conv = nn.Conv2d(1, 2, 3);
        conv.SetPadding(Padding.Same);
        using var x = Random(new long[] { 1, 1, 6, 6 }, seed: 11);
        using var y = Convolutions.Run(conv, x);
        Assert.Equal(new long[] { 1, 2, 6, 6 }, y.shape);
    }

    private static void AssertSameAsCall(nn.Module<Tensor, Tensor> conv, Tensor x, Func<Tensor> run, Func<Tensor> call)
    {
        var weights = conv.parameters().ToArray();
        using var y1 = run();
        var g1 = Gradients(weights, y1);
        using var y2 = call();
        var g2 = Gradients(weights, y2);
        Assert.True(Same(y1, y2), "outputs differ");
        for (int i = 0; i < g1.Length; i++)
        {
            Assert.True(Same(g1[i], g2[i]), "gradient of parameter " + i + " differs");
            g1[i].Dispose();
            g2[i].Dispose();
        }
    }

    private static Tensor[] Gradients(TorchSharp.Modules.Parameter[] weights, Tensor y)
    {
        foreach (var w in weights) w.grad = null;
        using var probe = torch.arange(y.numel(), dtype: y.dtype).reshape(y.shape).cos();
        using var loss = (y * probe).sum();
        loss.backward();
        return Array.ConvertAll(weights, w => w.grad!.clone());
    }

    private static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.AsSpan().SequenceEqual(b.shape)) return false;
        using var equal = a.eq(b).all();
        return equal.item<bool>();
    }

    private static Tensor Random(long[] shape, long seed)
    {
        var generator = new Generator((ulong)seed);
        return torch.randn(shape, generator: generator);
    }
}
