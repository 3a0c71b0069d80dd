using System.Linq;
using DslCrossReg.Integration.Tests.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Training;

/// <summary>A generated network is an ordinary TorchSharp module: an optimiser trains it like any other.</summary>
public class TrainingSmokeTests
{
    [Fact]
    public void Generated_classifier_learns_a_separable_task_inside_dispose_scopes()
    {
        torch.manual_seed(42);
        using var net = new Classifier();
        using var generator = new Generator(43);
        // Two classes on either side of the line x0 + x1 = 0, kept at least 0.5 away from it.
        using var raw = torch.rand(512, 2, generator: generator) * 4 - 2;
        using var side = raw.sum(1);
        using var keep = side.abs() > 0.5;
        using var inputs = raw[keep];
        using var labels = (inputs.sum(1) > 0).to(ScalarType.Int64);
        Assert.True(inputs.shape[0] > 300, "enough points survive the margin");

        using var optimizer = torch.optim.Adam(net.parameters(), lr: 0.02);
        using var lossFunction = nn.CrossEntropyLoss();
        float first = 0, last = 0;
        for (int step = 0; step < 150; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var output = net.call(inputs);
            var loss = lossFunction.call(output.Result, labels);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
            Assert.Equal(new long[] { inputs.shape[0], Classifier.EmbeddingSize }, output.Embedding.shape);
        }

        Assert.True(last < 0.1f * first, $"loss fell from {first} to only {last}");
        net.eval();
        using var scoring = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var predicted = net.call(inputs).Result.argmax(1);
        double accuracy = (predicted == labels).to(ScalarType.Float64).mean().item<double>();
        Assert.True(accuracy > 0.98, $"accuracy {accuracy}");
        // Parameters live outside every scope: after all the per-step disposals they are still usable.
        Assert.All(net.parameters(), p => Assert.False(p.IsInvalid));
        Assert.Equal(Classifier.ParameterCount, net.parameters().Sum(p => p.numel()));
    }
}
