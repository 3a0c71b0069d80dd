using System.Linq;
using DslCrossReg.Shapes;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Shapes;

public class ShapeInferenceTests
{
    [Fact]
    public void Table_has_at_least_25_distinct_pipelines()
    {
        Assert.True(PipelineTable.All.Count >= 25);
        Assert.Equal(PipelineTable.All.Count, PipelineTable.All.Select(c => c.Name).Distinct().Count());
        Assert.Equal(PipelineTable.All.Count, PipelineTable.All.Select(c => c.Architecture).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(PipelineTable.Names), MemberType = typeof(PipelineTable))]
    public void Output_shape_matches_hand_derivation(string name)
    {
        var row = PipelineTable.Get(name);
        var inference = ShapeRules.Infer(row.Architecture.Specs);
        Assert.True(inference.Succeeded, inference.Error?.Message);
        Assert.Equal(row.Output, inference.Output);
        Assert.Equal(row.Output, row.Architecture.OutputShape);
        Assert.Equal(row.Architecture.Specs.Length, inference.Shapes.Count);
    }

    [Theory]
    [MemberData(nameof(PipelineTable.Names), MemberType = typeof(PipelineTable))]
    public void Tap_shapes_match_hand_derivation_in_pipeline_order(string name)
    {
        var row = PipelineTable.Get(name);
        var taps = row.Architecture.Shapes.Taps;
        Assert.Equal(row.Taps.Select(t => t.Key), taps.Select(t => t.Key));
        Assert.Equal(row.Taps.Select(t => t.Value), taps.Select(t => t.Value));
        Assert.Equal(row.Taps.Count, row.Architecture.TapShapes.Count);
        foreach (var (tap, shape) in row.Taps) Assert.Equal(shape, row.Architecture.TapShapes[tap]);
    }

    [Theory]
    [MemberData(nameof(PipelineTable.Names), MemberType = typeof(PipelineTable))]
    public void Parameter_count_matches_hand_derivation(string name)
    {
        var row = PipelineTable.Get(name);
        if (row.Architecture.Specs.Any(s => s.ContainsModule))
        {
            // A user's module's parameters are its own: the value cannot count them (the interpreter test counts the built network's).
            var e = Assert.Throws<System.InvalidOperationException>(() => row.Architecture.ParameterCount);
            Assert.StartsWith("Module<", e.Message, System.StringComparison.Ordinal);
            return;
        }
        Assert.Equal(row.Parameters, row.Architecture.ParameterCount);
    }

    [Fact]
    public void Design_example_feeds_16_13_6_features_into_the_first_linear()
    {
        var arch = Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(64);
        var shapes = arch.Shapes.Shapes;
        Assert.Equal(TensorShape.Float(16, 26, 12), shapes[1]);
        Assert.Equal(TensorShape.Float(16, 13, 6), shapes[3]);
        Assert.Equal(TensorShape.Float(16 * 13 * 6), shapes[4]);
        Assert.Equal("[*, 1248]", shapes[4].ToString());
        // Declaring the inferred width explicitly is accepted; any other width is not.
        Assert.True(ShapeRules.Infer((arch.Specs.RemoveAt(5).Add(LayerSpec.Linear(1248, 64)))).Succeeded);
        Assert.False(ShapeRules.Infer((arch.Specs.RemoveAt(5).Add(LayerSpec.Linear(1247, 64)))).Succeeded);
    }

    [Fact]
    public void Token_input_shape_prints_its_element_type_and_embedding_turns_it_float()
    {
        var arch = TokenInput(12) >> Embedding(50, 8);
        Assert.Equal("[*, 12] Int64", arch.InputShape.ToString());
        Assert.Equal(TensorShape.Tokens(12), arch.InputShape);
        Assert.Equal("[*, 12, 8]", arch.OutputShape.ToString());
        Assert.NotEqual(TensorShape.Tokens(12), TensorShape.Float(12));
    }

    [Fact]
    public void TryApply_gives_one_layers_output_or_its_error()
    {
        Assert.Null(ShapeRules.TryApply(LayerSpec.Convolution(LayerKind.Conv2d, 8, 3, 2, 1), TensorShape.Float(3, 32, 32), out var output));
        Assert.Equal(TensorShape.Float(8, 16, 16), output);

        var error = ShapeRules.TryApply(LayerSpec.Linear(100, 10), TensorShape.Float(784), out var none);
        Assert.Null(none);
        Assert.NotNull(error);
        Assert.Equal(ShapeErrorKind.ShapeMismatch, error!.Kind);
        Assert.Equal("layer Linear(100, 10) expects input [*, 100] but receives [*, 784]", error.Message);
    }
}
