#region program
using System;
using DslCrossReg.Fitting;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MyApp;

public static class Program
{
    public static void Main() => Run();

    public static FitHistory Run()
    {
        // 2,560 points in the plane, labelled 1 where x·y > 0. Left sees each point, Right the same point
        // turned by 90° plus a little noise: two views of one sample. The first 2,048 train, the rest test.
        using var random = new Generator(7);
        var points = torch.randn(2560, 2, generator: random);
        var turned = torch.stack(new[] { -points[.., 1], points[.., 0] }, dim: 1) + 0.05 * torch.randn(2560, 2, generator: random);
        var labels = (points[.., 0] * points[.., 1] > 0).to(ScalarType.Int64);

        using var system = new TwoViews(seed: 42);

        // One step on the first 64 samples: every term of the loss, as plain numbers.
        StepResult first = system.Step(new TwoViews.Batch(
            Left: points[..64], Right: turned[..64], LeftTarget: labels[..64], RightTarget: labels[..64]));
        Console.WriteLine(first);

        // Five epochs over the training points in shuffled batches of 64.
        using var train = BatchSource.InMemory(count: 2048, batchSize: 64,
            i => new TwoViews.Batch(points.index_select(0, i), turned.index_select(0, i), labels.index_select(0, i), labels.index_select(0, i)),
            shuffle: true, seed: 1);
        var options = FitOptions.For(system);
        options.Epochs = 5;
        FitHistory history = system.Fit(train, options);
        foreach (var (term, value) in history.TermMeans(lastSteps: 10))
            Console.WriteLine($"{term}: {value:F3}");

        // Accuracy on the 512 test points, in eval mode (no targets needed).
        using (torch.NewDisposeScope())
        {
            var outputs = system.Evaluate(new TwoViews.Batch(points[2048..], turned[2048..]));
            var truth = labels[2048..];
            Console.WriteLine($"test accuracy: Left {Accuracy(outputs.Left.Result, truth):P1}, Right {Accuracy(outputs.Right.Result, truth):P1}");
        }
        return history;
    }

    static double Accuracy(Tensor logits, Tensor labels)
        => logits.argmax(1).eq(labels).to(ScalarType.Float32).mean().ToDouble();
}
#endregion
