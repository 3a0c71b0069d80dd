using System.Linq;
using DslCrossReg.Shapes;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Shapes;

public class InvalidPipelineTests
{
    [Fact]
    public void Table_has_at_least_10_distinct_rows()
    {
        Assert.True(InvalidPipelineTable.All.Count >= 10);
        Assert.Equal(InvalidPipelineTable.All.Count, InvalidPipelineTable.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(InvalidPipelineTable.Names), MemberType = typeof(InvalidPipelineTable))]
    public void Inference_reports_the_exact_error(string name)
    {
        var row = InvalidPipelineTable.Get(name);
        var inference = ShapeRules.Infer(row.Architecture.Specs);
        Assert.False(inference.Succeeded);
        var error = inference.Error!;
        Assert.Equal(row.Message, error.Message);
        Assert.Equal(row.Kind, error.Kind);
        Assert.Equal(row.Path, error.Path);
        Assert.Equal(row.Message, error.ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidPipelineTable.Names), MemberType = typeof(InvalidPipelineTable))]
    public void Layer_Shapes_throws_LayerShapeException_with_the_same_error(string name)
    {
        var row = InvalidPipelineTable.Get(name);
        var e = Assert.Throws<LayerShapeException>(() => row.Architecture.Shapes);
        Assert.Equal(row.Message, e.Message);
        Assert.Equal(row.Kind, e.Error.Kind);
        Assert.Equal(row.Path, e.Error.Path);
        Assert.Throws<LayerShapeException>(() => row.Architecture.ParameterCount);
    }

    [Fact]
    public void Shapes_before_the_first_error_are_kept()
    {
        var inference = ShapeRules.Infer(InvalidPipelineTable.Get("checked_linear_mismatch_after_flatten").Architecture.Specs);
        Assert.Equal(
            new[] { TensorShape.Float(1, 28, 14), TensorShape.Float(16, 26, 12), TensorShape.Float(16, 13, 6), TensorShape.Float(1248) },
            inference.Shapes);
    }

    [Fact]
    public void Empty_pipeline_must_start_with_input()
    {
        var error = ShapeRules.Infer(new LayerSpec[0]).Error!;
        Assert.Equal(ShapeErrorKind.InvalidPipeline, error.Kind);
        Assert.Empty(error.Path);
        Assert.Equal("the pipeline must start with Input(...) or TokenInput(...)", error.Message);
    }

    [Fact]
    public void Dropout_accepts_zero_and_just_below_one()
    {
        Assert.True(ShapeRules.Infer((Input(4) >> Dropout(0)).Specs).Succeeded);
        Assert.True(ShapeRules.Infer((Input(4) >> Dropout(0.999)).Specs).Succeeded);
        Assert.False(ShapeRules.Infer((Input(4) >> Dropout(double.NaN)).Specs).Succeeded);
    }
}
