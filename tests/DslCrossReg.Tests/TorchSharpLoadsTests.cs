using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests;

[Collection(SeededTests.Name)]
public class TorchSharpLoadsTests
{
    [Fact]
    public void TorchSharp_initialises_and_a_small_model_trains()
    {
        torch.manual_seed(7);
        var x = torch.randn(64, 4);
        var y = (x[.., 0] * 2 - x[.., 1] + 0.5).unsqueeze(1);
        var model = nn.Linear(4, 1);
        var opt = optim.SGD(model.parameters(), 0.1);
        double first = 0, last = 0;
        for (int i = 0; i < 50; i++)
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            var loss = nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            opt.step();
            if (i == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.05, $"loss did not fall: first {first}, last {last}");
    }
}
