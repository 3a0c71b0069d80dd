using System;
using System.Linq;
using DslCrossReg.Shapes;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

public class InputValidationTests
{
    private static readonly Layer LeftView = Input(1, 28, 14) >> BatchNorm2d >> Flatten >> Linear(10);

    public static TheoryData<long[], ScalarType, string> WrongFloatInputs => new()
    {
        // Wrong trailing shape.
        { new long[] { 32, 1, 28, 28 }, ScalarType.Float32, "LeftView expects input [*, 1, 28, 14] Float32 but received [32, 1, 28, 28] Float32." },
        // Already flattened: wrong rank.
        { new long[] { 32, 392 }, ScalarType.Float32, "LeftView expects input [*, 1, 28, 14] Float32 but received [32, 392] Float32." },
        // One sample without its batch axis.
        { new long[] { 1, 28, 14 }, ScalarType.Float32, "LeftView expects input [*, 1, 28, 14] Float32 but received [1, 28, 14] Float32." },
        // Right shape, wrong dtype.
        { new long[] { 2, 1, 28, 14 }, ScalarType.Float64, "LeftView expects input [*, 1, 28, 14] Float32 but received [2, 1, 28, 14] Float64." },
    };

    [Theory]
    [MemberData(nameof(WrongFloatInputs))]
    public void Wrong_input_throws_naming_network_expected_and_actual_before_any_module_runs(long[] shape, ScalarType dtype, string expected)
    {
        using var scope = torch.NewDisposeScope();
        using var net = LeftView.Build("LeftView");
        var before = Buffers(net);

        var e = Assert.ThrowsAny<ArgumentException>(() => net.call(torch.randn(shape, dtype)));

        Assert.Equal("input", e.ParamName);
        Assert.Equal(expected, e.Message);
        Assert.Equal(expected, InputMessages.Mismatch("LeftView", LeftView.InputShape, shape, dtype.ToString()));
        // BatchNorm in training mode would have moved its running statistics had it run.
        Assert.Equal(before, Buffers(net));
        Assert.Equal(0L, net.named_buffers().Single(b => b.name == "batchnorm0.num_batches_tracked").buffer.item<long>());
    }

    [Fact]
    public void The_right_input_passes_and_moves_the_running_statistics()
    {
        using var scope = torch.NewDisposeScope();
        using var net = LeftView.Build("LeftView");
        var before = Buffers(net);
        net.call(torch.randn(2, 1, 28, 14) + 3);
        Assert.NotEqual(before, Buffers(net));
    }

    [Fact]
    public void Token_network_rejects_float_and_int32_ids()
    {
        using var scope = torch.NewDisposeScope();
        using var net = (TokenInput(5) >> Embedding(10, 3) >> LSTM(4)).Build("Reader");

        var asFloat = Assert.ThrowsAny<ArgumentException>(() => net.call(torch.zeros(2, 5)));
        Assert.Equal("Reader expects input [*, 5] Int64 but received [2, 5] Float32.", asFloat.Message);

        var asInt32 = Assert.ThrowsAny<ArgumentException>(() => net.call(torch.zeros(new long[] { 2, 5 }, ScalarType.Int32)));
        Assert.Equal("Reader expects input [*, 5] Int64 but received [2, 5] Int32.", asInt32.Message);

        var wrongLength = Assert.ThrowsAny<ArgumentException>(() => net.call(torch.zeros(new long[] { 2, 6 }, ScalarType.Int64)));
        Assert.Equal("Reader expects input [*, 5] Int64 but received [2, 6] Int64.", wrongLength.Message);

        Assert.Equal(new long[] { 2, 4 }, net.call(torch.zeros(new long[] { 2, 5 }, ScalarType.Int64)).Result.shape);
    }

    private static string Buffers(nn.Module net)
        => string.Join(";", net.named_buffers().Select(b => b.name + "=" + string.Join(",", b.buffer.to(ScalarType.Float64).data<double>().ToArray())));
}
