using System.Linq;
using DslCrossReg.Integration.Tests.Catalog;
using DslCrossReg.Integration.Tests.Networks;
using TorchSharp;
using Xunit;
using static DslCrossReg.Integration.Tests.Comparison.BitIdentity;

namespace DslCrossReg.Integration.Tests.Shapes;

/// <summary>Generated networks run on a batch and return tensors of their generated shapes, with the interpreter's layout.</summary>
public class GeneratedForwardTests
{
    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Result_and_every_tap_have_the_generated_shapes_after_the_batch(string network)
    {
        var net = NetworkCatalog.All[network];
        using var scope = torch.NewDisposeScope();
        using var generated = net.BuildGenerated();
        var output = generated.Forward(net.SampleInput(batch: 3, seed: 1));
        Assert.Equal(new long[] { 3 }.Concat(net.Constants.OutputShape.Select(d => (long)d)), output.Result.shape);
        Assert.Equal(torch.ScalarType.Float32, output.Result.dtype);
        Assert.Equal(net.Constants.TapShapes.Count, output.Taps.Count);
        foreach (var (tap, shape) in net.Constants.TapShapes)
            Assert.Equal(new long[] { 3 }.Concat(shape.Select(d => (long)d)), output.Taps[tap].shape);
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Children_state_and_parameters_have_the_interpreters_names_in_its_order(string network)
    {
        var net = NetworkCatalog.All[network];
        using var generated = net.BuildGenerated();
        using var interpreted = net.BuildInterpreted();
        Assert.Equal(interpreted.named_children().Select(c => c.name), generated.Module.named_children().Select(c => c.name));
        Assert.Equal(interpreted.state_dict().Keys, generated.Module.state_dict().Keys);
        Assert.Equal(interpreted.named_buffers().Select(b => b.name), generated.Module.named_buffers().Select(b => b.name));
        Assert.Equal(
            interpreted.named_parameters().Select(p => p.name + ":" + string.Join("x", p.parameter.shape)),
            generated.Module.named_parameters().Select(p => p.name + ":" + string.Join("x", p.parameter.shape)));
        Assert.Equal(interpreted.GetName(), generated.Module.GetName());
        Assert.Equal(network, generated.Module.GetName());
    }

    [Fact]
    public void Design_conv_net_names_its_layers_by_kind_and_position_and_the_tapped_one_by_its_tap()
    {
        using var net = new LeftView();
        Assert.Equal(
            new[] { "conv0", "relu1", "maxpool2", "flatten3", "linear4", "relu5", "embedding", "linear7" },
            net.named_children().Select(c => c.name));
        using var scope = torch.NewDisposeScope();
        var output = net.call(torch.randn(2, 1, 28, 14));
        Assert.Equal(new long[] { 2, LeftView.OutputSize }, output.Result.shape);
        Assert.Equal(new long[] { 2, LeftView.EmbeddingSize }, output.Embedding.shape);
    }

    [Fact]
    public void A_hook_registered_on_a_generated_networks_convolution_runs_and_its_result_is_used()
    {
        // The generated forward runs its convolutions without TorchSharp's input check (DslCrossReg.Modules.Convolutions),
        // not without the hooks a user puts on them.
        using var net = new StridedConv();
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(2, 3, 32, 32);
        var plain = net.call(input);
        var layers = net.named_children().ToDictionary(c => c.name, c => (torch.nn.Module<torch.Tensor, torch.Tensor>)c.module);
        int calls = 0;
        var remover = layers["features"].register_forward_hook((module, x, y) => { calls++; return y.neg(); });
        var hooked = net.call(input);
        Assert.Equal(1, calls);
        Assert.True(hooked.Features.equal(plain.Features.neg()).all().item<bool>());
        remover.remove();
        var again = net.call(input);
        Assert.Equal(1, calls);
        Assert.True(again.Result.equal(plain.Result).all().item<bool>());
    }

    [Fact]
    public void Residual_layers_are_named_by_their_path_under_the_tapped_residuals_name_and_the_tap_holds_the_sum()
    {
        using var net = new ResidualMlp();
        Assert.Equal(
            new[] { "block_linear0", "block_relu1", "block_linear2", "linear1" },
            net.named_children().Select(c => c.name));
        using var scope = torch.NewDisposeScope();
        net.eval();
        var input = torch.randn(4, 16);
        var output = net.call(input);
        // The block tap is x + inner(x): remove x and the inner pipeline, applied by hand, remains.
        var children = net.named_children().ToDictionary(c => c.name, c => (torch.nn.Module<torch.Tensor, torch.Tensor>)c.module);
        var inner = children["block_linear2"].call(children["block_relu1"].call(children["block_linear0"].call(input)));
        Assert.True(SameValues(input + inner, output.Block));
        Assert.True(SameValues(children["linear1"].call(output.Block), output.Result));
    }
}
