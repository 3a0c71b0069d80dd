using System;
using System.Linq;
using DslCrossReg.Tests.Numerics;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>
/// <see cref="TaskLoss.CrossEntropyWhereLabeled"/>: the mean cross entropy over the labelled samples only, checked
/// against plain double loops, finite differences, and the edge a plain ignore-index mean gets wrong (no label at all).
/// </summary>
public class LabeledCrossEntropyTests
{
    private static readonly double[,] Logits =
    {
        { 1.0, -0.5, 0.25 },
        { -1.5, 2.0, 0.5 },
        { 0.3, 0.1, -0.7 },
        { 2.5, -2.0, 1.0 },
    };

    /// <summary>−log softmax(row)[label], averaged over the rows whose label is not −1, by hand.</summary>
    private static double Reference(long[] labels)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == TaskLosses.Unlabeled) continue;
            sum -= ReferenceMath.LogSoftmax(Float64.Row(Logits, i))[labels[i]];
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    [Theory]
    [InlineData(new long[] { 0, 1, 2, 0 })]
    [InlineData(new long[] { -1, 1, -1, 2 })]
    [InlineData(new long[] { -1, -1, 2, -1 })]
    public void The_loss_is_the_mean_over_the_labelled_samples(long[] labels)
    {
        using var scope = torch.NewDisposeScope();
        var loss = TaskLosses.Compute(TaskLoss.CrossEntropyWhereLabeled, Float64.Matrix(Logits), torch.tensor(labels), "StudentTarget");
        Assert.Equal(Reference(labels), Float64.Scalar(loss), 12);
    }

    [Fact]
    public void With_every_sample_labelled_it_is_the_plain_cross_entropy_bit_for_bit_in_float32()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn(32, 10, generator: new Generator(3));
        var labels = torch.randint(0, 10, new long[] { 32 }, generator: new Generator(4));
        var labelled = TaskLosses.Compute(TaskLoss.CrossEntropyWhereLabeled, logits, labels, "T").item<float>();
        var plain = TaskLosses.Compute(TaskLoss.CrossEntropy, logits, labels, "T").item<float>();
        Assert.Equal(plain, labelled, 6);
    }

    [Fact]
    public void Its_gradient_matches_finite_differences_and_is_zero_on_unlabelled_rows()
    {
        var labels = torch.tensor(new long[] { -1, 1, -1, 2 });
        FiniteDifference.AssertGradientsMatch(x => TaskLosses.Compute(TaskLoss.CrossEntropyWhereLabeled, x[0], labels, "T"), new[] { Float64.Matrix(Logits) });
        var gradient = FiniteDifference.Analytic(x => TaskLosses.Compute(TaskLoss.CrossEntropyWhereLabeled, x[0], labels, "T"), new[] { Float64.Matrix(Logits) })[0]!;
        Assert.All(gradient.Take(3).Concat(gradient.Skip(6).Take(3)), g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void A_batch_without_a_label_gives_zero_and_a_zero_gradient_not_nan()
    {
        var labels = torch.tensor(new long[] { -1, -1, -1, -1 });
        var inputs = new[] { Float64.Matrix(Logits) };
        using (var scope = torch.NewDisposeScope())
            Assert.Equal(0.0, Float64.Scalar(TaskLosses.Compute(TaskLoss.CrossEntropyWhereLabeled, inputs[0], labels, "T")));
        var gradient = FiniteDifference.Analytic(x => TaskLosses.Compute(TaskLoss.CrossEntropyWhereLabeled, x[0], labels, "T"), inputs)[0]!;
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Validation_accepts_minus_one_only_where_a_sample_may_be_unlabelled()
    {
        using var unlabelled = torch.tensor(new long[] { 0, -1, 2 });
        TaskLosses.Validate(TaskLoss.CrossEntropyWhereLabeled, "StudentTarget", unlabelled, batch: 3, outputShape: new long[] { 3 }, torch.CPU);
        var plain = Assert.Throws<BatchException>(() =>
            TaskLosses.Validate(TaskLoss.CrossEntropy, "StudentTarget", unlabelled, batch: 3, outputShape: new long[] { 3 }, torch.CPU));
        Assert.Contains("class label -1, outside [0, 3)", plain.Message);

        using var below = torch.tensor(new long[] { 0, -2, 2 });
        var e = Assert.Throws<BatchException>(() =>
            TaskLosses.Validate(TaskLoss.CrossEntropyWhereLabeled, "StudentTarget", below, batch: 3, outputShape: new long[] { 3 }, torch.CPU));
        Assert.Equal("StudentTarget", e.ParamName);
        Assert.Contains("class label -2, outside [0, 3) or -1 (unlabelled)", e.Message);
        using var above = torch.tensor(new long[] { 0, -1, 3 });
        Assert.Contains("class label 3, outside", Assert.Throws<BatchException>(() =>
            TaskLosses.Validate(TaskLoss.CrossEntropyWhereLabeled, "StudentTarget", above, batch: 3, outputShape: new long[] { 3 }, torch.CPU)).Message);
    }
}
