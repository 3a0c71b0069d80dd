using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>
/// What the declarations that DCR0040–DCR0044 report do when they reach run time (through the interpreter, which
/// builds the same modules as the generator): each fails inside libtorch or the losses' checks, or trains nothing.
/// </summary>
public class TaskOutputFailureTests
{
    private const long Batch = 4;

    private static Tensor Labels(long classes) => torch.arange(Batch, dtype: ScalarType.Int64) % classes;

    private static long[] PerSample(Tensor output) => output.shape.Skip(1).ToArray();

    [Fact]
    public void DCR0040_cross_entropy_after_a_conv_without_flatten_passes_the_target_check_and_fails_in_libtorch()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Linear(10)).Build("ConvNoFlatten");
        var output = net.call(torch.rand(Batch, 1, 28, 14)).Result;
        Assert.Equal(new long[] { 16, 13, 10 }, PerSample(output));
        var labels = Labels(10);
        // The batch check reads the classes from the last axis and accepts the labels: the failure comes from libtorch.
        TaskLosses.Validate(TaskLoss.CrossEntropy, "ATarget", labels, Batch, PerSample(output), torch.CPU);
        var e = Assert.ThrowsAny<Exception>(() => TaskLosses.Compute(TaskLoss.CrossEntropy, output, labels, "ATarget"));
        Assert.Contains("only batches of spatial targets supported", e.Message, StringComparison.Ordinal);

        // The fix the diagnostic names: Flatten before the Linear.
        using var fixedNet = (Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(10)).Build("ConvNoFlatten");
        Assert.True(double.IsFinite(TaskLosses.Compute(TaskLoss.CrossEntropy, fixedNet.call(torch.rand(Batch, 1, 28, 14)).Result, labels, "ATarget").item<float>()));
    }

    [Fact]
    public void DCR0040_labelled_cross_entropy_over_a_sequence_fails_in_libtorch()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (TokenInput(12) >> Embedding(100, 16) >> Linear(5)).Build("Tagger");
        var output = net.call(torch.randint(100, new long[] { Batch, 12 })).Result;
        var labels = Labels(5);
        TaskLosses.Validate(TaskLoss.CrossEntropyWhereLabeled, "BTarget", labels, Batch, PerSample(output), torch.CPU);
        Assert.ThrowsAny<Exception>(() => TaskLosses.Compute(TaskLoss.CrossEntropyWhereLabeled, output, labels, "BTarget"));
    }

    [Fact]
    public void DCR0041_cross_entropy_over_one_logit_is_zero_with_a_zero_gradient()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn(Batch, 1).requires_grad_();
        var loss = TaskLosses.Compute(TaskLoss.CrossEntropy, logits, torch.zeros(Batch, dtype: ScalarType.Int64), "ATarget");
        loss.backward();
        Assert.Equal(0f, loss.item<float>());
        Assert.Equal(0f, logits.grad!.abs().max().item<float>());
    }

    [Fact]
    public void DCR0041_standardising_one_value_per_sample_gives_a_constant_zero()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(0f, Normalizers.Standardize(torch.randn(Batch, 1)).abs().max().item<float>());
        Assert.Equal(0f, Normalizers.Range(torch.randn(Batch, 1)).abs().max().item<float>());
    }

    [Fact]
    public void DCR0042_bce_after_a_final_sigmoid_cannot_fall_below_log_1_plus_e_to_the_minus_1()
    {
        using var scope = torch.NewDisposeScope();
        // Even a network whose last Linear returns huge logits outputs at most 1 after its Sigmoid, and the loss
        // applies a second sigmoid to that: with target 1 the loss is log(1 + e^-s) ≥ log(1 + e^-1) ≈ 0.313.
        var squashed = torch.sigmoid(torch.full(Batch, 1, 50f));
        float loss = TaskLosses.Compute(TaskLoss.Bce, squashed, torch.ones(Batch, 1), "ATarget").item<float>();
        Assert.True(loss > 0.313f, loss.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DCR0043_a_term_on_conv_taps_is_rejected_at_the_first_step()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(Batch, 16, 26, 12);
        var b = torch.randn(Batch, 16, 26, 12);
        Assert.Contains("must have rank 2 (batch, features)", Assert.ThrowsAny<ArgumentException>(() => EmbeddingLosses.Distance(a, b)).Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => DistillationLosses.Kl(a, b, 2.0));
        Assert.ThrowsAny<ArgumentException>(() => Normalizers.SharedStandardize(new[] { a, b }));
    }

    [Fact]
    public void DCR0044_shared_standardisation_of_one_output_is_rejected()
        => Assert.Contains("at least two outputs", Assert.ThrowsAny<ArgumentException>(() => Normalizers.SharedStandardize(new[] { torch.randn(Batch, 3) })).Message, StringComparison.Ordinal);
}
