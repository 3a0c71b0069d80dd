using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Layers;

public class SmokeTests
{
    [Fact]
    public void Design_example_infers_flatten_width_and_runs()
    {
        var arch = Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(64) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
        Assert.Equal("[*, 1248]", arch.Shapes.Shapes[4].ToString());
        torch.manual_seed(1);
        using var net = arch.Build("LeftView");
        var output = net.call(torch.randn(5, 1, 28, 14));
        Assert.Equal(new long[] { 5, 10 }, output.Result.shape);
        Assert.Equal(new long[] { 5, 32 }, output.Taps["embedding"].shape);
        var names = string.Join(",", System.Linq.Enumerable.Select(net.named_children(), c => c.name));
        Assert.Equal("conv0,relu1,maxpool2,flatten3,linear4,relu5,linear6,linear7", names);
    }
}
