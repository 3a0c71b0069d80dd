using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

[Collection(SeededTests.Name)]
public class ClassifierTrainingTests
{
    // Linearly separable: class 1 iff x₀ + 2x₁ > 0.
    private static (Tensor X, Tensor Y) Task(int count)
    {
        var x = torch.randn(count, 2);
        var y = (x[.., 0] + 2 * x[.., 1]).gt(0).to(ScalarType.Int64);
        return (x, y);
    }

    [Fact]
    public void Tiny_classifier_from_the_DSL_learns_a_separable_task_with_Adam()
    {
        using var outer = torch.NewDisposeScope();
        torch.manual_seed(2024);
        using var net = (Input(2) >> Linear(16) >> BatchNorm1d >> ReLU >> Dropout(0.1) >> Linear(2)).Build("Classifier");
        var (x, y) = Task(256);
        var (testX, testY) = Task(512);
        var optimizer = torch.optim.Adam(net.parameters(), lr: 0.05);

        double Loss()
        {
            using var scope = torch.NewDisposeScope();
            net.eval();
            using var noGrad = torch.no_grad();
            return nn.functional.cross_entropy(net.call(x).Result, y).item<float>();
        }

        double initial = Loss();
        for (int step = 0; step < 150; step++)
        {
            using var scope = torch.NewDisposeScope();
            net.train();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(net.call(x).Result, y);
            loss.backward();
            optimizer.step();
        }
        double final = Loss();

        Assert.True(final < initial / 5, $"loss {initial} → {final}");
        using (torch.no_grad())
        {
            net.eval();
            double accuracy = net.call(testX).Result.argmax(1).eq(testY).to(ScalarType.Float32).mean().item<float>();
            Assert.True(accuracy > 0.95, $"test accuracy {accuracy}");
        }
    }
}
