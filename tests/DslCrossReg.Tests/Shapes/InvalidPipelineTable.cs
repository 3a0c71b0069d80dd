using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Shapes;
using DslCrossReg.Tests.Layers;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Shapes;

/// <summary>One invalid pipeline and the first rule it breaks, written out by hand.</summary>
public sealed record InvalidPipelineCase(string Name, Layer Architecture, ShapeErrorKind Kind, int[] Path, string Message);

/// <summary>
/// Invalid pipelines with the exact error text. Paths index the pipeline with Input at 0; messages number layers
/// from 0 after Input, as their module names do.
/// </summary>
public static class InvalidPipelineTable
{
    private static InvalidPipelineCase Row(string name, Layer architecture, ShapeErrorKind kind, int[] path, string message)
        => new(name, architecture, kind, path, message);

    public static readonly IReadOnlyList<InvalidPipelineCase> All = new[]
    {
        Row("checked_linear_mismatch", Input(784) >> Linear(100, 10),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 Linear(100, 10) expects input [*, 100] but receives [*, 784]"),
        Row("checked_linear_mismatch_after_flatten",
            Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> MaxPool2d(2) >> Flatten >> Linear(1000, 64),
            ShapeErrorKind.ShapeMismatch, new[] { 4 },
            "layer 3 Linear(1000, 64) expects input [*, 1000] but receives [*, 1248]"),
        Row("conv2d_on_rank1", Input(10) >> Conv2d(4, kernel: 3),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 Conv2d(4, kernel: 3) expects input [*, C, H, W] but receives [*, 10]"),
        Row("conv1d_on_rank1", Input(10) >> Conv1d(2, kernel: 3),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 Conv1d(2, kernel: 3) expects input [*, C, L] but receives [*, 10]"),
        Row("conv2d_kernel_larger_than_padded_height", Input(1, 4, 4) >> Conv2d(2, kernel: 7, padding: 1),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Conv2d(2, kernel: 7, padding: 1): kernel 7 is larger than the padded height 6 of input [*, 1, 4, 4]"),
        Row("conv2d_kernel_larger_than_width", Input(1, 9, 4) >> Conv2d(2, kernel: 5),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Conv2d(2, kernel: 5): kernel 5 is larger than the padded width 4 of input [*, 1, 9, 4]"),
        Row("conv1d_kernel_larger_than_length", Input(3, 4) >> Conv1d(2, kernel: 6, stride: 2),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Conv1d(2, kernel: 6, stride: 2): kernel 6 is larger than the padded length 4 of input [*, 3, 4]"),
        Row("pool_kernel_too_large", Input(3, 4, 5) >> ReLU >> MaxPool2d(5),
            ShapeErrorKind.InvalidParameter, new[] { 2 },
            "layer 1 MaxPool2d(5): kernel 5 is larger than the height 4 of input [*, 3, 4, 5]"),
        Row("avgpool_on_rank2", Input(3, 4) >> AvgPool2d(2),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 AvgPool2d(2) expects input [*, C, H, W] but receives [*, 3, 4]"),
        Row("dropout_p_one", Input(4) >> Dropout(1),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Dropout(1): p must be in [0, 1), got 1"),
        Row("dropout_p_negative", Input(4) >> Linear(3) >> Dropout(-0.1),
            ShapeErrorKind.InvalidParameter, new[] { 2 },
            "layer 1 Dropout(-0.1): p must be in [0, 1), got -0.1"),
        Row("linear_zero_features", Input(4) >> Linear(0),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Linear(0): sizes must be positive, got 0"),
        Row("input_zero_dimension", Input(3, 0) >> Flatten,
            ShapeErrorKind.InvalidParameter, new[] { 0 },
            "Input(3, 0): every input dimension must be positive, got 0"),
        Row("conv_negative_channels", Input(1, 5, 5) >> Conv2d(-1, kernel: 3),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Conv2d(-1, kernel: 3): output channels must be positive, got -1"),
        Row("conv_zero_stride", Input(1, 5, 5) >> Conv2d(2, kernel: 3, stride: 0),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Conv2d(2, kernel: 3, stride: 0): stride must be positive, got 0"),
        Row("gru_zero_hidden", TokenInput(5) >> Embedding(10, 4) >> GRU(0),
            ShapeErrorKind.InvalidParameter, new[] { 2 },
            "layer 1 GRU(0): hidden size must be positive, got 0"),
        Row("embedding_zero_vocabulary", TokenInput(5) >> Embedding(0, 4),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Embedding(0, 4): vocabulary must be positive, got 0"),
        Row("duplicate_tap", Input(4) >> Linear(3).Tap("h") >> ReLU >> Linear(3).Tap("h"),
            ShapeErrorKind.DuplicateTap, new[] { 3 },
            "layer 2 Linear(3): tap name 'h' is already used by layer 0"),
        Row("duplicate_declared_name", Input(4) >> Linear(3).Named("fc") >> ReLU >> Linear(3).Named("fc"),
            ShapeErrorKind.InvalidName, new[] { 3 },
            "layer 2 Linear(3).Named(\"fc\"): the name 'fc' is already used by layer 0"),
        Row("declared_name_taken_by_position", Input(4) >> Linear(3).Named("linear2") >> ReLU >> Linear(3),
            ShapeErrorKind.InvalidName, new[] { 3 },
            "layer 2 Linear(3): the name 'linear2' is already used by layer 0"),
        Row("inner_name_taken_with_the_residuals_prefix", Input(4) >> Linear(4).Named("block_fc") >> Residual(Linear(4).Named("fc")).Named("block"),
            ShapeErrorKind.InvalidName, new[] { 2, 0 },
            "layer 1 Residual, inner layer 0 Linear(4).Named(\"fc\"): the name 'block_fc' is already used by layer 0"),
        Row("named_input", Input(4).Named("features") >> Linear(2),
            ShapeErrorKind.InvalidPipeline, new[] { 0 },
            "Input(4): the input has no module to name; name a layer after it"),
        Row("residual_changes_shape", Input(8) >> Residual(Linear(4)),
            ShapeErrorKind.ResidualChangesShape, new[] { 1 },
            "layer 0 Residual(Linear(4)) must preserve its input shape [*, 8] but its inner pipeline returns [*, 4]"),
        Row("residual_around_unpadded_conv", Input(4, 8, 8) >> Residual(Conv2d(4, kernel: 3)),
            ShapeErrorKind.ResidualChangesShape, new[] { 1 },
            "layer 0 Residual(Conv2d(4, kernel: 3)) must preserve its input shape [*, 4, 8, 8] but its inner pipeline returns [*, 4, 6, 6]"),
        Row("nested_residual_changes_shape", Input(4) >> ReLU >> Residual(Linear(4) >> Residual(Linear(3))),
            ShapeErrorKind.ResidualChangesShape, new[] { 2, 1 },
            "layer 1 Residual, inner layer 1 Residual(Linear(3)) must preserve its input shape [*, 4] but its inner pipeline returns [*, 3]"),
        Row("tokens_into_linear", TokenInput(5) >> Linear(3),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 Linear(3) expects Float32 input but receives Int64 token ids [*, 5] Int64; start with Embedding(vocabulary, dim)"),
        Row("embedding_on_float", Input(5) >> Embedding(10, 4),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 Embedding(10, 4) expects Int64 token ids (TokenInput) but receives Float32 [*, 5]"),
        Row("lstm_on_rank1", Input(6) >> LSTM(4),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 LSTM(4) expects input [*, L, F] but receives [*, 6]"),
        Row("batchnorm2d_on_rank2", Input(3, 4) >> BatchNorm2d,
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 BatchNorm2d expects input [*, C, H, W] but receives [*, 3, 4]"),
        Row("no_input_first", Linear(3) >> ReLU,
            ShapeErrorKind.InvalidPipeline, new int[0],
            "the pipeline must start with Input(...) or TokenInput(...), not Linear(3)"),
        Row("input_in_the_middle", Input(3) >> Linear(3) >> Input(3),
            ShapeErrorKind.InvalidPipeline, new[] { 2 },
            "layer 1 Input(3): Input may only start a pipeline"),
        Row("tap_inside_residual", Input(4) >> Residual(ReLU >> Linear(4).Tap("inner")),
            ShapeErrorKind.InvalidPipeline, new[] { 1, 1 },
            "layer 0 Residual, inner layer 1 Linear(4): taps inside a Residual are not supported; tap the Residual itself"),
        Row("nan_slope", Input(4) >> LeakyReLU(double.NaN),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 LeakyReLU(NaN): the slope must be finite, got NaN"),
        Row("standardize_zero_epsilon", Input(4) >> Standardize(0),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Standardize(0): epsilon must be positive and finite, got 0"),
        Row("input_only", Input(4),
            ShapeErrorKind.InvalidPipeline, new[] { 0 },
            "the pipeline has no layer after Input(4)"),
        Row("tapped_input", Input(3).Tap("x") >> Linear(2),
            ShapeErrorKind.InvalidPipeline, new[] { 0 },
            "Input(3): the input cannot be tapped; tap a layer after it"),
        Row("attention_on_rank1", Input(12) >> MultiheadAttention(3),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 MultiheadAttention(3) expects input [*, L, F] but receives [*, 12]"),
        Row("attention_heads_do_not_divide_the_width", Input(4, 10) >> MultiheadAttention(3),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 MultiheadAttention(3): the feature width 10 of input [*, 4, 10] is not divisible by 3 heads"),
        Row("attention_zero_heads", Input(4, 10) >> MultiheadAttention(0),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 MultiheadAttention(0): heads must be positive, got 0"),
        Row("attention_dropout_one", Input(4, 8) >> MultiheadAttention(2, dropout: 1),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 MultiheadAttention(2, dropout: 1): dropout must be in [0, 1), got 1"),
        Row("encoder_heads_do_not_divide_the_embedding", TokenInput(5) >> Embedding(9, 6) >> TransformerEncoderLayer(4, feedforward: 8),
            ShapeErrorKind.InvalidParameter, new[] { 2 },
            "layer 1 TransformerEncoderLayer(4, feedforward: 8): the feature width 6 of input [*, 5, 6] is not divisible by 4 heads"),
        Row("encoder_zero_feedforward", Input(3, 4) >> TransformerEncoderLayer(2, feedforward: 0),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 TransformerEncoderLayer(2, feedforward: 0): feedforward must be positive, got 0"),
        Row("encoder_negative_dropout", Input(3, 4) >> TransformerEncoderLayer(2, feedforward: 8, dropout: -0.5),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 TransformerEncoderLayer(2, feedforward: 8, dropout: -0.5): dropout must be in [0, 1), got -0.5"),
        Row("encoder_on_token_ids", TokenInput(5) >> TransformerEncoderLayer(1, feedforward: 4),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 TransformerEncoderLayer(1, feedforward: 4) expects Float32 input but receives Int64 token ids [*, 5] Int64; start with Embedding(vocabulary, dim)"),
        Row("module_without_a_declared_shape", Input(3) >> Module(() => new TanhBlock(3, 3)),
            ShapeErrorKind.InvalidParameter, new[] { 1 },
            "layer 0 Module<TanhBlock>(): declare the module's per-sample output shape, e.g. outputs: 64"),
        Row("module_zero_output_dimension", Input(3) >> Linear(3) >> Module(() => new ReshapeBlock(3, 1), 3, 0),
            ShapeErrorKind.InvalidParameter, new[] { 2 },
            "layer 1 Module<ReshapeBlock>(outputs: 3, 0): every output dimension must be positive, got 0"),
        // The declared shape is what the next layer is checked against.
        Row("layer_after_a_module_checked_against_its_declared_shape", Input(3) >> Module(() => new TanhBlock(3, 5), outputs: 5) >> Linear(4, 2),
            ShapeErrorKind.ShapeMismatch, new[] { 2 },
            "layer 1 Linear(4, 2) expects input [*, 4] but receives [*, 5]"),
        Row("attention_after_a_rank1_module", Input(2, 3) >> Module(() => new ReshapeBlock(1, 6), outputs: 6) >> MultiheadAttention(2),
            ShapeErrorKind.ShapeMismatch, new[] { 2 },
            "layer 1 MultiheadAttention(2) expects input [*, L, F] but receives [*, 6]"),
        // Only the first broken rule is reported.
        Row("first_error_wins", Input(784) >> Linear(100, 10) >> Dropout(1),
            ShapeErrorKind.ShapeMismatch, new[] { 1 },
            "layer 0 Linear(100, 10) expects input [*, 100] but receives [*, 784]"),
    };

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var row in All) data.Add(row.Name);
            return data;
        }
    }

    public static InvalidPipelineCase Get(string name) => All.Single(c => c.Name == name);
}
