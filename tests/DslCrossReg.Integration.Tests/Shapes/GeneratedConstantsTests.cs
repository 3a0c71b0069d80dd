using System.Linq;
using DslCrossReg.Integration.Tests.Catalog;
using DslCrossReg.Integration.Tests.Networks;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Integration.Tests.Shapes;

/// <summary>
/// The generated static metadata (computed by the generator at compile time) against the interpreter's inference
/// at run time, against the modules' real parameters, and against shapes worked out by hand.
/// </summary>
public class GeneratedConstantsTests
{
    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Input_output_and_tap_shapes_equal_the_interpreters_inference(string network)
    {
        var net = NetworkCatalog.All[network];
        var constants = net.Constants;
        Assert.Equal(net.Architecture.InputShape.Dims, constants.InputShape);
        Assert.Equal(net.Architecture.OutputShape.Dims, constants.OutputShape);
        Assert.Equal(constants.OutputShape[^1], constants.OutputSize);
        var inferred = net.Architecture.TapShapes;
        Assert.Equal(inferred.Keys.OrderBy(k => k), constants.TapShapes.Keys.OrderBy(k => k));
        foreach (var (tap, shape) in inferred)
        {
            Assert.Equal(shape.Dims, constants.TapShapes[tap]);
            Assert.Equal(shape.Dims[^1], constants.TapSizes[tap]);
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Parameter_count_equals_the_parameters_the_module_really_has(string network)
    {
        var net = NetworkCatalog.All[network];
        using var generated = net.BuildGenerated();
        using var interpreted = net.BuildInterpreted();
        long generatedCount = generated.Module.parameters().Sum(p => p.numel());
        long interpretedCount = interpreted.parameters().Sum(p => p.numel());
        Assert.Equal(generatedCount, interpretedCount);
        if (net.Constants.ParameterCount is null)
        {
            // Only a network with a user's Module stage has no count, and the value cannot give one either.
            Assert.Contains(net.Architecture.Specs, s => s.ContainsModule);
            var e = Assert.Throws<System.InvalidOperationException>(() => net.Architecture.ParameterCount);
            Assert.Contains("count the built network's parameters() instead", e.Message, System.StringComparison.Ordinal);
            return;
        }
        Assert.Equal(generatedCount, net.Constants.ParameterCount);
        Assert.Equal(interpretedCount, net.Constants.ParameterCount);
        Assert.Equal(net.Architecture.ParameterCount, net.Constants.ParameterCount);
    }

    [Fact]
    public void Attention_parameter_counts_match_hand_derivation()
    {
        // Per encoder layer over F features: in_proj 3F·F + 3F, out_proj F·F + F, linear1 F·ff + ff, linear2 ff·F + F,
        // two LayerNorms 2·2F. F = 8: (192 + 24) + (64 + 8) + (8·16 + 16) + (16·8 + 8) + 32 and (…) with ff = 12.
        long first = (3 * 8 * 8 + 3 * 8) + (8 * 8 + 8) + (8 * 16 + 16) + (16 * 8 + 8) + 4 * 8;
        long second = (3 * 8 * 8 + 3 * 8) + (8 * 8 + 8) + (8 * 12 + 12) + (12 * 8 + 8) + 4 * 8;
        long expected = 40L * 8 + first + second + (7 * 8 * 4 + 4);
        Assert.Equal(TransformerText.ParameterCount, expected);
        Assert.Equal(new[] { 7, 8 }, TransformerText.FirstShape);
        Assert.Equal(new[] { 5, 8 }, AttentionOverSteps.AttendedShape);
    }

    [Fact]
    public void Conv_arithmetic_constants_match_hand_derived_shapes()
    {
        // 28×14 → conv k3 → 26×12 → pool 2 → 13×6; Flatten 16·13·6 = 1248.
        // Parameters: 1·16·9+16 + 1248·64+64 + 64·32+32 + 32·10+10 = 160 + 79936 + 2080 + 330.
        Assert.Equal(82506L, LeftView.ParameterCount);
        Assert.Equal(new[] { 32 }, LeftView.EmbeddingShape);
        Assert.Equal(32, LeftView.EmbeddingSize);
        Assert.Equal(new[] { 10 }, LeftView.OutputShape);

        // 32 → ⌊(32+2·2−5)/2⌋+1 = 16 → ⌊(16+2·1−3)/2⌋+1 = 8.
        Assert.Equal(new[] { 4, 8, 8 }, StridedConv.FeaturesShape);

        // 17 → pad-1 k3: 17 → max k3 s2: ⌊14/2⌋+1 = 8 → avg k2: 4 → k1: 4 → avg k2 s1: 3.
        Assert.Equal(new[] { 5, 3, 3 }, PoolingNet.PooledShape);

        // 50 → k5 s3: ⌊45/3⌋+1 = 16 → k3 p2: 16+4−3+1 = 18; Flatten 4·18 = 72 → Linear(12).
        Assert.Equal(new[] { 12 }, SignalConv.NormalisedShape);
        // Conv1d 2·6·5+6, BatchNorm1d 2·6, Conv1d 6·4·3+4, Linear 72·12+12, LayerNorm 2·12, Linear 12·3+3.
        Assert.Equal((2L * 6 * 5 + 6) + 2 * 6 + (6 * 4 * 3 + 4) + (72 * 12 + 12) + 2 * 12 + (12 * 3 + 3), SignalConv.ParameterCount);

        // Embedding 100·16, LSTM 4·24·(16+24) + 2·4·24, Linear 24·8+8.
        Assert.Equal(100L * 16 + 4 * 24 * (16 + 24) + 2 * 4 * 24 + 24 * 8 + 8, LstmEncoder.ParameterCount);
        Assert.Equal(new[] { 24 }, LstmEncoder.SentenceShape);
        // Embedding 50·6, GRU 3·5·(6+5) + 2·3·5.
        Assert.Equal(50L * 6 + 3 * 5 * (6 + 5) + 2 * 3 * 5, GruEncoder.ParameterCount);
        Assert.Equal(new[] { 12, 6 }, GruEncoder.VectorsShape);
        Assert.Equal(new[] { 20 }, LstmEncoder.InputShape);

        // Named out of order: out 6, kernel 3, stride 2, padding 1 → ⌊(9+2−3)/2⌋+1 = 5; Flatten 6·25 = 150.
        Assert.Equal(3L * 6 * 9 + 6 + (150 * 12 + 12) + (12 * 3 + 3), NamedArguments.ParameterCount);
    }

    [Fact]
    public void Normalisers_and_activations_have_no_parameters_and_batchnorm_counts_scale_and_shift_only()
    {
        // Linear(12→24) + BatchNorm1d(24) affine + Linear(24→6) + BatchNorm1d(6) affine; running stats are buffers.
        Assert.Equal(12L * 24 + 24 + 2 * 24 + 24 * 6 + 6 + 2 * 6, BatchNormMlp.ParameterCount);
        // Two Linear(10→10) and a Linear(10→3) around RangeNormalize and Standardize.
        Assert.Equal(2 * (10L * 10 + 10) + 10 * 3 + 3, NormalisedMlp.ParameterCount);
        Assert.Equal(5L * 3 + 3, StandardisedInput.ParameterCount);
    }
}
