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
}
