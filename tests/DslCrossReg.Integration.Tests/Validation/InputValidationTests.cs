using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Integration.Tests.Catalog;
using DslCrossReg.Integration.Tests.Networks;
using DslCrossReg.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Validation;

/// <summary>
/// A wrong input to a generated <c>forward</c> fails before any layer runs, with the network's name, the expected
/// and the received shape, in exactly the interpreter's words.
/// </summary>
public class InputValidationTests
{
    [Fact]
    public void Design_conv_net_given_a_square_image_names_both_shapes()
    {
        using var net = new LeftView();
        using var input = torch.zeros(32, 1, 28, 28);
        var error = Assert.ThrowsAny<ArgumentException>(() => net.call(input));
        Assert.Equal("input", error.ParamName);
        Assert.Equal("LeftView expects input [*, 1, 28, 14] Float32 but received [32, 1, 28, 28] Float32.", error.Message);
    }

    [Fact]
    public void Mlp_given_a_sample_without_batch_axis_reports_the_rank()
    {
        using var net = new TappedMlp();
        using var input = torch.zeros(20);
        var error = Assert.ThrowsAny<ArgumentException>(() => net.call(input));
        Assert.Equal("TappedMlp expects input [*, 20] Float32 but received [20] Float32.", error.Message);
    }

    [Fact]
    public void Mlp_given_doubles_reports_the_dtype()
    {
        using var net = new TappedMlp();
        using var input = torch.zeros(4, 20, dtype: ScalarType.Float64);
        var error = Assert.ThrowsAny<ArgumentException>(() => net.call(input));
        Assert.Equal("TappedMlp expects input [*, 20] Float32 but received [4, 20] Float64.", error.Message);
    }

    [Fact]
    public void Token_network_given_floats_asks_for_int64_ids()
    {
        using var net = new LstmEncoder();
        using var input = torch.zeros(2, 20);
        var error = Assert.ThrowsAny<ArgumentException>(() => net.call(input));
        Assert.Equal("LstmEncoder expects input [*, 20] Int64 but received [2, 20] Float32.", error.Message);
    }

    [Fact]
    public void Null_input_is_rejected_by_name()
    {
        using var net = new Classifier();
        var error = Assert.ThrowsAny<ArgumentNullException>(() => net.call(null!));
        Assert.Equal("input", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Every_wrong_input_fails_with_the_interpreters_exact_message(string network)
    {
        var net = NetworkCatalog.All[network];
        using var generated = net.BuildGenerated();
        using var interpreted = net.BuildInterpreted();
        foreach (var (wrong, what) in WrongInputs(net.Architecture.InputShape))
        {
            using (wrong)
            {
                var fromGenerated = Assert.ThrowsAny<ArgumentException>(() => generated.Forward(wrong));
                var fromInterpreter = Assert.ThrowsAny<ArgumentException>(() => interpreted.call(wrong));
                string message = fromGenerated.Message;
                Assert.True(fromInterpreter.Message == message, $"{what}: generated '{message}', interpreter '{fromInterpreter.Message}'");
                Assert.Equal("input", fromGenerated.ParamName);
                Assert.True(message.StartsWith(network + " expects input " + net.Architecture.InputShape, StringComparison.Ordinal), $"{what}: {message}");
                Assert.True(message.Contains("received [" + string.Join(", ", wrong.shape) + "] " + wrong.dtype + ".", StringComparison.Ordinal), $"{what}: {message}");
            }
        }
    }

    /// <summary>Wrong in exactly one way each: rank (missing batch, extra axis), one trailing size, dtype.</summary>
    private static IEnumerable<(Tensor Input, string What)> WrongInputs(TensorShape expected)
    {
        var dims = expected.Dims.Select(d => (long)d).ToArray();
        var dtype = expected.ElementType == ElementType.Int64 ? ScalarType.Int64 : ScalarType.Float32;
        var otherDtype = expected.ElementType == ElementType.Int64 ? ScalarType.Float32 : ScalarType.Float64;
        yield return (torch.zeros(dims, dtype: dtype), "no batch axis");
        yield return (torch.zeros(new long[] { 2 }.Concat(dims).Append(1).ToArray(), dtype: dtype), "an extra axis");
        for (int i = 0; i < dims.Length; i++)
        {
            var shape = new long[] { 2 }.Concat(dims).ToArray();
            shape[i + 1] += 1;
            yield return (torch.zeros(shape, dtype: dtype), $"axis {i + 1} one too long");
        }
        yield return (torch.zeros(new long[] { 2 }.Concat(dims).ToArray(), dtype: otherDtype), "dtype");
        yield return (torch.zeros(new long[] { 2 }.Concat(dims).ToArray(), dtype: ScalarType.Int32), "Int32");
    }
}
