using System.Linq;
using DslCrossReg.Tests.Shapes;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Layers;

public class BuildTests
{
    [Theory]
    [MemberData(nameof(InvalidPipelineTable.Names), MemberType = typeof(InvalidPipelineTable))]
    public void Building_an_invalid_pipeline_throws_LayerShapeException(string name)
    {
        var row = InvalidPipelineTable.Get(name);
        var e = Assert.Throws<LayerShapeException>(() => row.Architecture.Build("Broken"));
        Assert.Equal(row.Message, e.Message);
        Assert.Equal(row.Kind, e.Error.Kind);
        Assert.Equal(row.Path, e.Error.Path);
    }

    [Fact]
    public void Network_keeps_its_name_shapes_and_architecture()
    {
        var arch = Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(64) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
        using var net = arch.Build("LeftView");
        Assert.Equal("LeftView", net.NetworkName);
        Assert.Equal("[*, 1, 28, 14]", net.InputShape.ToString());
        Assert.Equal("[*, 10]", net.OutputShape.ToString());
        Assert.Equal(arch, net.Architecture);
        Assert.True(net.training);
        Assert.Equal(
            new[] { "conv0.weight", "conv0.bias", "linear4.weight", "linear4.bias", "embedding.weight", "embedding.bias", "linear7.weight", "linear7.bias" },
            net.named_parameters().Select(p => p.name));
        Assert.Equal(new long[] { 64, 16 * 13 * 6 }, net.named_parameters().Single(p => p.name == "linear4.weight").parameter.shape);
    }

    [Fact]
    public void Default_name_is_Network()
    {
        using var net = (Input(2) >> Linear(1)).Build();
        Assert.Equal("Network", net.NetworkName);
    }
}
