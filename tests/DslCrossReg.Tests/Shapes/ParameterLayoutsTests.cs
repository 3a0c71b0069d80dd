using DslCrossReg.Shapes;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Shapes;

/// <summary>
/// A network's parameter layout names every layer that has a name of its own, however it got it, at any depth; its
/// structure names none, so that what a checkpoint's hash covers does not move when a layer is renamed.
/// </summary>
public class ParameterLayoutsTests
{
    private static (string Structure, string Layout) Of(Layer architecture)
    {
        var specs = architecture.Specs;
        var input = ShapeRules.Infer(specs).Input;
        var layers = specs.RemoveAt(0);
        return (ParameterLayouts.Structure(input, layers), ParameterLayouts.Of(input, layers));
    }

    [Fact]
    public void Layers_named_by_position_add_nothing_to_the_structure()
    {
        var (structure, layout) = Of(Input(4) >> Linear(3) >> ReLU >> Linear(2));
        Assert.Equal("[*, 4] >> Linear(3) >> ReLU >> Linear(2)", structure);
        Assert.Equal(structure, layout);
    }

    [Fact]
    public void A_declared_name_and_a_taps_name_are_written_alike_and_the_declared_one_wins()
    {
        var (structure, layout) = Of(Input(4) >> Linear(3).Named("fc1") >> ReLU >> Linear(3).Tap("embedding") >> Linear(2).Named("head").Tap("logits"));
        Assert.Equal("[*, 4] >> Linear(3) >> ReLU >> Linear(3) >> Linear(2)", structure);
        Assert.Equal("[*, 4] >> Linear(3).Named(\"fc1\") >> ReLU >> Linear(3).Named(\"embedding\") >> Linear(2).Named(\"head\")", layout);
        Assert.Equal(layout, Of(Input(4) >> Linear(3).Tap("fc1") >> ReLU >> Linear(3).Named("embedding") >> Linear(2).Named("head")).Layout);
    }

    [Fact]
    public void Inner_layers_of_a_residual_are_named_as_their_tensors_are()
    {
        var (_, layout) = Of(Input(4) >> Residual(Linear(4).Tap("inside") >> Tanh).Named("block") >> Residual(Linear(4) >> ReLU));
        Assert.Equal("[*, 4] >> Residual(Linear(4).Named(\"inside\") >> Tanh).Named(\"block\") >> Residual(Linear(4) >> ReLU)", layout);
        Assert.NotEqual(layout, Of(Input(4) >> Residual(Linear(4).Tap("other") >> Tanh).Named("block") >> Residual(Linear(4) >> ReLU)).Layout);
    }
}
