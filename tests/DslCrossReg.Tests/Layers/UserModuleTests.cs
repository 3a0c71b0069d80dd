using System;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

/// <summary>A user's <c>Module(create, outputs)</c> stage in the interpreter: created, registered, checked.</summary>
public class UserModuleTests
{
    [Fact]
    public void The_declared_shape_is_checked_at_every_forward_pass()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (Input(3) >> Module(() => new WrongWidth(5), outputs: 4) >> Linear(2)).Build("Checked");
        var e = Assert.Throws<InvalidOperationException>(() => net.call(torch.randn(2, 3)));
        Assert.Equal("Checked's module0 (a WrongWidth) returned [2, 5] Float32 for a batch of 2, but its Module stage declares [*, 4] Float32 per sample.", e.Message);
    }

    [Fact]
    public void A_module_that_drops_the_batch_axis_is_refused()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (Input(3) >> Module(() => new ReshapeBlock(1, 3), outputs: 3)).Build("Squeezed");
        var e = Assert.Throws<InvalidOperationException>(() => net.call(torch.randn(2, 3)));
        Assert.Contains("returned [2, 1, 3] Float32 for a batch of 2, but its Module stage declares [*, 3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_that_changes_the_batch_size_is_refused()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (Input(3) >> Module(() => new OneRow(), outputs: 3)).Build("Pooled");
        Assert.Equal(new long[] { 1, 3 }, net.call(torch.randn(1, 3)).Result.shape);
        var e = Assert.Throws<InvalidOperationException>(() => net.call(torch.randn(4, 3)));
        Assert.Equal("Pooled's module0 (a OneRow) returned [1, 3] Float32 for a batch of 4, but its Module stage declares [*, 3] Float32 per sample.", e.Message);
    }

    [Fact]
    public void A_factory_returning_null_fails_the_build_naming_the_stage()
    {
        var e = Assert.Throws<InvalidOperationException>(() => (Input(4) >> Linear(4) >> Module<TanhBlock>(() => null!, outputs: 4)).Build("Nulls"));
        Assert.Equal("The factory of Nulls's module1 = Module<TanhBlock>(outputs: 4) returned null; it must return a new module.", e.Message);
    }

    [Fact]
    public void Each_build_calls_the_factory_once_so_networks_never_share_a_module()
    {
        int calls = 0;
        var architecture = Input(4) >> Module(() => { calls++; return new TanhBlock(4, 4); }, outputs: 4);
        _ = architecture.Shapes;
        Assert.Equal(0, calls);
        using var first = architecture.Build("First");
        using var second = architecture.Build("Second");
        Assert.Equal(2, calls);
        var a = first.named_parameters().Single(p => p.name == "module0.linear.weight").parameter;
        var b = second.named_parameters().Single(p => p.name == "module0.linear.weight").parameter;
        Assert.NotEqual(a.Handle, b.Handle);
    }

    [Fact]
    public void The_modules_parameters_and_mode_are_the_networks()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (Input(3) >> Module(() => new TanhBlock(3, 2), outputs: 2).Tap("block") >> Linear(1)).Build("Owner");
        Assert.Equal(new[] { "block.linear.weight", "block.linear.bias", "linear1.weight", "linear1.bias" }, net.named_parameters().Select(p => p.name));
        var block = (nn.Module)net.named_children().Single(c => c.name == "block").module;
        net.eval();
        Assert.False(block.training);
        net.train();
        Assert.True(block.training);

        // Saved and loaded with the network, bit for bit.
        var saved = new MemoryStream();
        net.save(saved);   // closes the stream
        using var other = (Input(3) >> Module(() => new TanhBlock(3, 2), outputs: 2).Tap("block") >> Linear(1)).Build("Owner");
        other.load(new MemoryStream(saved.ToArray()));
        var x = torch.randn(5, 3);
        Assert.True(net.call(x).Taps["block"].eq(other.call(x).Taps["block"]).all().item<bool>());
    }

    [Fact]
    public void Values_with_a_module_stage_print_its_type_and_shape_and_compare_by_factory()
    {
        Func<TanhBlock> create = () => new TanhBlock(2, 2);
        var one = Input(2) >> Module(create, 2) >> MultiheadAttention(1, dropout: 0.25);
        Assert.Equal("Input(2) >> Module<TanhBlock>(outputs: 2) >> MultiheadAttention(1, dropout: 0.25)", one.ToString());
        Assert.Equal(one, Input(2) >> Module(create, 2) >> MultiheadAttention(1, dropout: 0.25));
        Assert.NotEqual(one, Input(2) >> Module(() => new TanhBlock(2, 2), 2) >> MultiheadAttention(1, dropout: 0.25));
        Assert.Equal("TransformerEncoderLayer(4, feedforward: 16)", TransformerEncoderLayer(4, 16).Specs[0].ToString());
        Assert.Equal("TransformerEncoderLayer(4, feedforward: 16, dropout: 0)", TransformerEncoderLayer(4, 16, dropout: 0).Specs[0].ToString());
    }
}
