using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>Target checks before a step: the device by type and index, never by Device instance.</summary>
public class TaskLossesValidationTests
{
    [Fact]
    public void A_cpu_target_passes_against_a_separately_created_cpu_device()
    {
        // A tensor's .device is a new Device object on every call; comparing instances rejected every batch.
        using var labels = torch.tensor(new long[] { 0, 2, 1 });
        TaskLosses.Validate(TaskLoss.CrossEntropy, "LeftTarget", labels, batch: 3, outputShape: new long[] { 3 }, torch.device("cpu"));
        TaskLosses.Validate(TaskLoss.CrossEntropy, "LeftTarget", labels, batch: 3, outputShape: new long[] { 3 }, torch.CPU);
    }

    [Fact]
    public void A_label_outside_the_classes_is_rejected_naming_the_field_and_the_label()
    {
        using var labels = torch.tensor(new long[] { 0, 3, 1 });
        var e = Assert.Throws<BatchException>(() =>
            TaskLosses.Validate(TaskLoss.CrossEntropy, "LeftTarget", labels, batch: 3, outputShape: new long[] { 3 }, torch.device("cpu")));
        Assert.Equal("LeftTarget", e.ParamName);
        Assert.Contains("class label 3, outside [0, 3)", e.Message);
    }

    [Theory]
    [InlineData(new long[] { 3, 3 })]
    [InlineData(new long[] { 4, 2 })]
    [InlineData(new long[] { 3 })]
    [InlineData(new long[] { 3, 2, 1 })]
    public void A_float_target_of_another_shape_than_batch_by_output_is_refused_with_both_shapes(long[] shape)
    {
        using var target = torch.zeros(shape);
        var e = Assert.Throws<BatchException>(() =>
            TaskLosses.Validate(TaskLoss.Mse, "LeftTarget", target, batch: 3, outputShape: new[] { 2 }, torch.CPU));
        Assert.Contains("LeftTarget must be a Float32 tensor of shape [3, 2], got Float32 [" + string.Join(", ", shape) + "]", e.Message);
    }

    [Fact]
    public void A_float_target_of_batch_by_output_passes_with_the_output_shape_given_either_way()
    {
        using var target = torch.zeros(3, 2, 4);
        TaskLosses.Validate(TaskLoss.Mse, "LeftTarget", target, batch: 3, outputShape: new[] { 2, 4 }, torch.CPU);
        TaskLosses.Validate(TaskLoss.Mse, "LeftTarget", target, batch: 3, outputShape: new long[] { 2, 4 }, torch.CPU);
    }
}
