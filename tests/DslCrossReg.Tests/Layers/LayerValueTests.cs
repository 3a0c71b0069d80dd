using System;
using DslCrossReg.Shapes;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Layers;

public class LayerValueTests
{
    private static Layer Design() =>
        Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(64) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);

    [Fact]
    public void Equal_pipelines_are_equal_with_equal_hashes()
    {
        var a = Design();
        var b = Design();
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        var r1 = Input(6) >> Residual(Linear(6) >> Residual(Linear(6) >> Tanh)).Tap("block");
        var r2 = Input(6) >> Residual(Linear(6) >> Residual(Linear(6) >> Tanh)).Tap("block");
        Assert.Equal(r1, r2);
        Assert.Equal(r1.GetHashCode(), r2.GetHashCode());

        // Composition is associative: grouping does not change the value.
        Assert.Equal((Input(3) >> Linear(4)) >> ReLU, Input(3) >> (Linear(4) >> ReLU));
        // A pool's default stride is its kernel.
        Assert.Equal(MaxPool2d(2), MaxPool2d(2, stride: 2));
        Assert.Equal(MaxPool2d(2).GetHashCode(), MaxPool2d(2, stride: 2).GetHashCode());
    }

    public static TheoryData<Layer, Layer> DifferentPairs => new()
    {
        { Conv2d(16, kernel: 3), Conv2d(16, kernel: 3, stride: 2) },
        { Conv2d(16, kernel: 3), Conv2d(16, kernel: 3, padding: 1) },
        { Conv2d(16, kernel: 3), Conv1d(16, kernel: 3) },
        { Linear(10), Linear(100, 10) },
        { Linear(10), Linear(10).Tap("x") },
        { Linear(10).Tap("x"), Linear(10).Tap("y") },
        { Dropout(0.5), Dropout(0.25) },
        { LeakyReLU(), LeakyReLU(0.2) },
        { Input(3, 4), Input(4, 3) },
        { Input(5), TokenInput(5) },
        { MaxPool2d(2), AvgPool2d(2) },
        { Residual(Linear(4)), Residual(Linear(4) >> ReLU) },
        { Standardize(), Standardize(1e-5) },
        { LSTM(8), GRU(8) },
        { ReLU >> Tanh, Tanh >> ReLU },
    };

    [Theory]
    [MemberData(nameof(DifferentPairs))]
    public void Different_arguments_or_taps_give_different_values(Layer a, Layer b)
    {
        Assert.NotEqual(a, b);
        Assert.NotEqual(b, a);
        Assert.NotEqual(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void ToString_reads_like_the_DSL()
    {
        Assert.Equal(
            "Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(64) >> ReLU >> Linear(32).Tap(\"embedding\") >> Linear(10)",
            Design().ToString());
        Assert.Equal(
            "Input(3, 32, 32) >> Conv2d(8, kernel: 3, stride: 2, padding: 1) >> MaxPool2d(3, stride: 2) >> AvgPool2d(2) >> Conv1d(4, kernel: 5)",
            (Input(3, 32, 32) >> Conv2d(8, kernel: 3, stride: 2, padding: 1) >> MaxPool2d(3, stride: 2) >> AvgPool2d(2) >> Conv1d(4, kernel: 5)).ToString());
        Assert.Equal(
            "TokenInput(12) >> Embedding(50, 8) >> LSTM(16).Tap(\"summary\") >> GRU(4) >> Linear(16, 3)",
            (TokenInput(12) >> Embedding(50, 8) >> LSTM(16).Tap("summary") >> GRU(4) >> Linear(16, 3)).ToString());
        Assert.Equal(
            "Input(6) >> Residual(Linear(6) >> Residual(GELU >> LayerNorm)).Tap(\"block\") >> BatchNorm1d >> BatchNorm2d",
            (Input(6) >> Residual(Linear(6) >> Residual(GELU >> LayerNorm)).Tap("block") >> BatchNorm1d >> BatchNorm2d).ToString());
        Assert.Equal(
            "LeakyReLU(0.01) >> LeakyReLU(0.2) >> Dropout(0.5) >> Sigmoid >> Tanh >> RangeNormalize() >> Standardize() >> Standardize(0.001)",
            (LeakyReLU() >> LeakyReLU(0.2) >> Dropout(0.5) >> Sigmoid >> Tanh >> RangeNormalize() >> Standardize() >> Standardize(0.001)).ToString());
    }

    [Fact]
    public void Tapping_an_already_tapped_layer_throws()
    {
        var tapped = Input(4) >> Linear(32).Tap("embedding");
        var e = Assert.ThrowsAny<ArgumentException>(() => tapped.Tap("again"));
        Assert.Equal("name", e.ParamName);
        Assert.Contains("Linear(32) is already tapped as 'embedding'", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => Linear(3).Tap(" "));
    }

    [Fact]
    public void Named_names_the_last_layer_and_shows_in_the_value()
    {
        var named = Input(4) >> Linear(3).Named("fc1").Tap("h") >> Linear(2);
        Assert.Equal("Input(4) >> Linear(3).Named(\"fc1\").Tap(\"h\") >> Linear(2)", named.ToString());
        Assert.Equal("fc1", named.Specs[1].Name);
        Assert.Null(named.Specs[2].Name);
        Assert.NotEqual(Input(4) >> Linear(3).Tap("h") >> Linear(2), named);
        Assert.NotEqual((Input(4) >> Linear(3).Named("fc2").Tap("h") >> Linear(2)).GetHashCode(), named.GetHashCode());
        Assert.Equal(named, Input(4) >> Linear(3).Tap("h").Named("fc1") >> Linear(2));
    }

    [Theory]
    [InlineData("fc 1")]
    [InlineData("fc.1")]
    [InlineData("1fc")]
    [InlineData("")]
    [InlineData("é")]
    public void Named_refuses_what_cannot_be_a_module_name(string name)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Linear(3).Named(name));
        Assert.Equal("name", e.ParamName);
        Assert.Equal($"'{name}' is not a layer name; use letters, digits and underscores, starting with a letter or an underscore.", e.Message);
    }

    [Fact]
    public void Naming_an_already_named_layer_throws()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Linear(3).Named("fc1").Named("fc2"));
        Assert.Equal("Linear(3) is already named 'fc1'.", e.Message);
        Assert.Equal("_fc_2", Linear(3).Named("_fc_2").Specs[0].Name);
    }

    [Fact]
    public void Tap_and_composition_return_new_values_and_leave_the_originals_alone()
    {
        var head = Input(4) >> Linear(3);
        var tapped = head.Tap("h");
        var longer = head >> ReLU;
        Assert.Equal("Input(4) >> Linear(3)", head.ToString());
        Assert.Equal("Input(4) >> Linear(3).Tap(\"h\")", tapped.ToString());
        Assert.Equal(3, longer.Specs.Length);
        Assert.Null(head.Specs[1].Tap);
    }

    [Fact]
    public void Residual_rejects_an_inner_pipeline_that_starts_with_Input()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Residual(Input(3)));
        Assert.Equal("inner", e.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => Residual(Input(3) >> Linear(3)));
    }

    [Fact]
    public void LayerSpec_equality_and_hash_follow_the_arguments()
    {
        Assert.Equal(LayerSpec.Linear(4, 8), LayerSpec.Linear(4, 8));
        Assert.Equal(LayerSpec.Linear(4, 8).GetHashCode(), LayerSpec.Linear(4, 8).GetHashCode());
        Assert.NotEqual(LayerSpec.Linear(4, 8), LayerSpec.Linear(8));
        Assert.NotEqual(LayerSpec.Input(5), LayerSpec.TokenInput(5));
        Assert.NotEqual(LayerSpec.Linear(8), LayerSpec.Linear(8).WithTap("t"));
        Assert.Equal(LayerSpec.Linear(8).WithTap("t"), LayerSpec.Linear(8).WithTap("t"));
        Assert.Equal(
            LayerSpec.Residual(new[] { LayerSpec.Linear(3), LayerSpec.Simple(LayerKind.ReLU) }),
            LayerSpec.Residual(new[] { LayerSpec.Linear(3), LayerSpec.Simple(LayerKind.ReLU) }));
        Assert.ThrowsAny<ArgumentException>(() => LayerSpec.Simple(LayerKind.Linear));
        Assert.ThrowsAny<ArgumentException>(() => LayerSpec.Pool(LayerKind.Conv2d, 2, 0));
        Assert.Equal(2, LayerSpec.Pool(LayerKind.MaxPool2d, 2, 0).Stride);

        // The input array is copied: mutating it afterwards does not change the value.
        var dims = new[] { 3, 4 };
        var spec = LayerSpec.Input(dims);
        dims[0] = 99;
        Assert.Equal(new[] { 3, 4 }, spec.Sizes);
    }
}
