using System;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// A bad batch is refused before anything runs: a BatchException naming the field, no parameter and no optimizer
/// state changed. Optimizer state is invisible from outside, so the system is stepped on afterwards and compared
/// with a twin that never saw the bad batch: Adam moments or a step count touched by the failed call would show.
/// </summary>
public class BadBatchTests
{
    private const long Seed = 31;
    private const int BatchSize = 8;

    private static LabelledPair.Batch Good(int i) => new(
        SyntheticBatches.Features(10 * i + 1, BatchSize, 6),
        SyntheticBatches.Features(10 * i + 2, BatchSize, 6),
        SyntheticBatches.Labels(10 * i + 3, BatchSize, 3),
        SyntheticBatches.Labels(10 * i + 4, BatchSize, 3),
        SyntheticBatches.PairLabels(10 * i + 5, BatchSize));

    public static TheoryData<string, string> Cases => new()
    {
        { "input of the wrong width", "A" },
        { "input of the wrong rank", "B" },
        { "input of the wrong dtype", "A" },
        { "missing input", "B" },
        { "input on another device", "A" },
        { "batch sizes differ between members", "B" },
        { "class label out of range", "ATarget" },
        { "negative class label", "BTarget" },
        { "class labels of the wrong dtype", "ATarget" },
        { "target batch size differs", "BTarget" },
        { "missing target", "BTarget" },
        { "pair label of 2", "PairLabel" },
        { "missing pair label", "PairLabel" },
        { "pair labels of the wrong length", "PairLabel" },
    };

    private static LabelledPair.Batch Bad(string which)
    {
        var good = Good(99);
        return which switch
        {
            "input of the wrong width" => good with { A = torch.zeros(BatchSize, 5) },
            "input of the wrong rank" => good with { B = torch.zeros(BatchSize, 6, 1) },
            "input of the wrong dtype" => good with { A = good.A.to(ScalarType.Float64) },
            "missing input" => good with { B = null! },
            // The meta device holds shapes without storage: a second device on a machine without a GPU.
            "input on another device" => good with { A = torch.empty(BatchSize, 6, device: torch.META) },
            "batch sizes differ between members" => good with { B = torch.zeros(BatchSize - 1, 6) },
            "class label out of range" => good with { ATarget = Replace(good.ATarget!, 2, 3) },
            "negative class label" => good with { BTarget = Replace(good.BTarget!, 5, -1) },
            "class labels of the wrong dtype" => good with { ATarget = good.ATarget!.to(ScalarType.Int32) },
            "target batch size differs" => good with { BTarget = good.BTarget![..(BatchSize - 1)] },
            "missing target" => good with { BTarget = null },
            "pair label of 2" => good with { PairLabel = Replace(good.PairLabel!, 4, 2) },
            "missing pair label" => good with { PairLabel = null },
            "pair labels of the wrong length" => good with { PairLabel = good.PairLabel![..(BatchSize - 2)] },
            _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
        };
    }

    private static Tensor Replace(Tensor labels, int index, long value)
    {
        var copy = labels.clone();
        copy[index] = torch.tensor(value);
        return copy;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_refuses_the_batch_naming_the_field_and_changes_nothing(string which, string field)
    {
        using var system = new LabelledPair(Seed);
        using var twin = new LabelledPair(Seed);
        system.Step(Good(1));
        twin.Step(Good(1));
        var a = ParameterState.Copy(system.A);
        var b = ParameterState.Copy(system.B);

        var error = Assert.Throws<BatchException>(() => system.Step(Bad(which)));

        Assert.Equal(field, error.Field);
        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        ParameterState.AssertSame(a, system.A, "A after the refused batch");
        ParameterState.AssertSame(b, system.B, "B after the refused batch");
        Assert.Equal(1, system.StepCount);

        system.Step(Good(2));
        twin.Step(Good(2));
        var last = system.Step(Good(3));
        twin.Step(Good(3));
        Assert.Equal(3, last.Step);
        ParameterState.AssertSame(twin.A, system.A, "A two steps later vs a twin that never saw the bad batch");
        ParameterState.AssertSame(twin.B, system.B, "B two steps later vs a twin that never saw the bad batch");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_refuses_the_batch_naming_the_field(string which, string field)
    {
        using var system = new LabelledPair(Seed);
        var error = Assert.Throws<BatchException>(() => system.Loss(Bad(which)));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_regression_target_of_the_wrong_shape_is_refused()
    {
        using var system = new SharedNormPair(Seed);
        var x = SyntheticBatches.Features(1, BatchSize, 6);
        var error = Assert.Throws<BatchException>(() => system.Step(new SharedNormPair.Batch(x, torch.zeros(BatchSize, 3), torch.zeros(BatchSize, 4))));
        Assert.Equal("BTarget", error.Field);
        Assert.Contains("[8, 3]", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, system.StepCount);
    }

    [Fact]
    public void The_input_message_names_the_network_and_both_shapes()
    {
        using var system = new LabelledPair(Seed);
        var error = Assert.Throws<BatchException>(() => system.Step(Bad("input of the wrong width")));
        Assert.Contains("Encoder", error.Message, StringComparison.Ordinal);
        Assert.Contains("6", error.Message, StringComparison.Ordinal);
        Assert.Contains("5", error.Message, StringComparison.Ordinal);
    }
}
