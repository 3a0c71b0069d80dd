using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Shapes;
using DslCrossReg.Tests.Layers;
using Xunit;
using static DslCrossReg.Layers;

namespace DslCrossReg.Tests.Shapes;

/// <summary>
/// The valid pipelines shared by the shape-inference and interpreter tests. Every expected shape and parameter
/// count is derived by hand in the row (conv: ⌊(n + 2p − k)/s⌋ + 1; pool: ⌊(n − k)/s⌋ + 1; LSTM: 4h(in + h) + 2·4h;
/// GRU: 3h(in + h) + 2·3h), never by calling the code under test.
/// </summary>
public static class PipelineTable
{
    private static TensorShape F(params int[] dims) => TensorShape.Float(dims);

    public static readonly IReadOnlyList<PipelineCase> All = new[]
    {
        // The README's LeftView: conv 28−3+1 = 26, 14−3+1 = 12; pool ⌊26/2⌋ = 13, ⌊12/2⌋ = 6; Linear's input 16·13·6 = 1248.
        new PipelineCase("design_example",
            Input(1, 28, 14) >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(64) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10),
            F(10),
            (16 * 1 * 3 * 3 + 16) + (16 * 13 * 6 * 64 + 64) + (64 * 32 + 32) + (32 * 10 + 10),
            "conv0,relu1,maxpool2,flatten3,linear4,relu5,embedding,linear7")
            .Tap("embedding", F(32)),

        // (32 + 2·1 − 3)/2 + 1 = 16.
        new PipelineCase("conv2d_stride2_padding1",
            Input(3, 32, 32) >> Conv2d(8, kernel: 3, stride: 2, padding: 1).Tap("conv") >> ReLU,
            F(8, 16, 16),
            8 * 3 * 3 * 3 + 8,
            "conv,relu1")
            .Tap("conv", F(8, 16, 16)),

        // ⌊(9 − 4)/3⌋ + 1 = 2, ⌊(7 − 4)/3⌋ + 1 = 2; flatten 4·2·2 = 16.
        new PipelineCase("conv2d_stride_floors",
            Input(2, 9, 7) >> Conv2d(4, kernel: 4, stride: 3) >> Flatten,
            F(16),
            4 * 2 * 4 * 4 + 4,
            "conv0,flatten1"),

        // (5 + 2·2 − 5)/1 + 1 = 5: "same" padding.
        new PipelineCase("conv2d_same_padding",
            Input(1, 5, 5) >> Conv2d(6, kernel: 5, padding: 2) >> Tanh,
            F(6, 5, 5),
            6 * 1 * 5 * 5 + 6,
            "conv0,tanh1"),

        // 20 − 5 + 1 = 16; flatten 8·16 = 128.
        new PipelineCase("conv1d_then_flatten",
            Input(4, 20) >> Conv1d(8, kernel: 5) >> ReLU >> Flatten >> Linear(2),
            F(2),
            (8 * 4 * 5 + 8) + (128 * 2 + 2),
            "conv1d0,relu1,flatten2,linear3"),

        // ⌊(11 + 2 − 3)/2⌋ + 1 = 6, then 6 − 6 + 1 = 1.
        new PipelineCase("conv1d_stride_padding",
            Input(2, 11) >> Conv1d(3, kernel: 3, stride: 2, padding: 1).Tap("features") >> Conv1d(5, kernel: 6),
            F(5, 1),
            (3 * 2 * 3 + 3) + (5 * 3 * 6 + 5),
            "features,conv1d1")
            .Tap("features", F(3, 6)),

        // Default stride = kernel: ⌊8/2⌋ = 4, ⌊6/2⌋ = 3.
        new PipelineCase("maxpool_default_stride",
            Input(3, 8, 6) >> MaxPool2d(2),
            F(3, 4, 3),
            0,
            "maxpool0"),

        // ⌊(7 − 3)/2⌋ + 1 = 3; flatten 1·3·3 = 9.
        new PipelineCase("maxpool_explicit_stride",
            Input(1, 7, 7) >> MaxPool2d(3, stride: 2) >> Flatten,
            F(9),
            0,
            "maxpool0,flatten1"),

        // ⌊(10 − 3)/3⌋ + 1 = 3, ⌊(9 − 3)/3⌋ + 1 = 3.
        new PipelineCase("avgpool_default_stride",
            Input(2, 10, 9) >> AvgPool2d(3),
            F(2, 3, 3),
            0,
            "avgpool0"),

        // 5 − 2 + 1 = 4, 6 − 2 + 1 = 5; flatten 4·4·5 = 80.
        new PipelineCase("avgpool_stride1",
            Input(4, 5, 6) >> AvgPool2d(2, stride: 1) >> Flatten >> Linear(3),
            F(3),
            80 * 3 + 3,
            "avgpool0,flatten1,linear2"),

        new PipelineCase("batchnorm1d_features",
            Input(10) >> Linear(6) >> BatchNorm1d >> ReLU,
            F(6),
            (10 * 6 + 6) + 2 * 6,
            "linear0,batchnorm1d1,relu2"),

        // BatchNorm1d over (C, L) normalises per channel: 2·C parameters; conv 12 − 3 + 1 = 10.
        new PipelineCase("batchnorm1d_channels_length",
            Input(5, 12) >> BatchNorm1d >> Conv1d(2, kernel: 3),
            F(2, 10),
            2 * 5 + (2 * 5 * 3 + 2),
            "batchnorm1d0,conv1d1"),

        new PipelineCase("batchnorm2d_block",
            Input(3, 6, 6) >> Conv2d(4, kernel: 3, padding: 1) >> BatchNorm2d >> ReLU >> AvgPool2d(2),
            F(4, 3, 3),
            (4 * 3 * 3 * 3 + 4) + 2 * 4,
            "conv0,batchnorm1,relu2,avgpool3"),

        new PipelineCase("layernorm_features",
            Input(7) >> LayerNorm >> Linear(4),
            F(4),
            2 * 7 + (7 * 4 + 4),
            "layernorm0,linear1"),

        // LayerNorm and Linear act on the last axis of a (3, 5) sample.
        new PipelineCase("layernorm_linear_on_sequence",
            Input(3, 5) >> LayerNorm >> Linear(2),
            F(3, 2),
            2 * 5 + (5 * 2 + 2),
            "layernorm0,linear1"),

        new PipelineCase("every_activation_tapped",
            Input(8) >> Linear(8) >> ReLU.Tap("relu") >> GELU.Tap("gelu") >> Tanh.Tap("tanh") >> Sigmoid.Tap("sigmoid") >> LeakyReLU().Tap("leaky"),
            F(8),
            8 * 8 + 8,
            "linear0,relu,gelu,tanh,sigmoid,leaky")
            .Tap("relu", F(8)).Tap("gelu", F(8)).Tap("tanh", F(8)).Tap("sigmoid", F(8)).Tap("leaky", F(8)),

        new PipelineCase("leaky_relu_slope_dropout",
            Input(12) >> Linear(12, 6) >> LeakyReLU(0.2) >> Dropout(0.5) >> Linear(1),
            F(1),
            (12 * 6 + 6) + (6 * 1 + 1),
            "linear0,leakyrelu1,dropout2,linear3"),

        new PipelineCase("residual_mlp",
            Input(16) >> Residual(Linear(16) >> ReLU >> Linear(16)) >> Linear(4),
            F(4),
            (16 * 16 + 16) + (16 * 16 + 16) + (16 * 4 + 4),
            "residual0_linear0,residual0_relu1,residual0_linear2,linear1"),

        new PipelineCase("residual_nested",
            Input(6) >> ReLU >> Residual(Linear(6) >> Residual(Linear(6) >> Tanh) >> LayerNorm).Tap("block") >> Linear(2),
            F(2),
            (6 * 6 + 6) + (6 * 6 + 6) + 2 * 6 + (6 * 2 + 2),
            "relu0,block_linear0,block_residual1_linear0,block_residual1_tanh1,block_layernorm2,linear2")
            .Tap("block", F(6)),

        // Padding 1 keeps 8×8, so the block preserves [4, 8, 8]; pool ⌊8/2⌋ = 4.
        new PipelineCase("residual_around_conv",
            Input(4, 8, 8) >> Residual(Conv2d(4, kernel: 3, padding: 1) >> BatchNorm2d >> ReLU) >> MaxPool2d(2),
            F(4, 4, 4),
            (4 * 4 * 3 * 3 + 4) + 2 * 4,
            "residual0_conv0,residual0_batchnorm1,residual0_relu2,maxpool1"),

        // Declared names replace the positional ones, inside a named Residual too (its name prefixes its layers'),
        // and leave the other layers' positions alone.
        new PipelineCase("named_layers_and_residual",
            Input(6) >> Linear(8).Named("fc1") >> Tanh >> Residual(Linear(8).Named("fc") >> ReLU).Named("block") >> Linear(3).Named("head").Tap("logits"),
            F(3),
            (6 * 8 + 8) + (8 * 8 + 8) + (8 * 3 + 3),
            "fc1,tanh1,block_fc,block_relu1,head")
            .Tap("logits", F(3)),

        new PipelineCase("tokens_embedding_lstm",
            TokenInput(12) >> Embedding(50, 8).Tap("embedded") >> LSTM(16) >> Linear(3),
            F(3),
            50 * 8 + (4 * 16 * 8 + 4 * 16 * 16 + 4 * 16 + 4 * 16) + (16 * 3 + 3),
            "embedded,lstm1,linear2")
            .Tap("embedded", F(12, 8)).TokensBelow(50),

        new PipelineCase("tokens_embedding_gru",
            TokenInput(7) >> Embedding(20, 5) >> GRU(6).Tap("summary") >> Linear(2),
            F(2),
            20 * 5 + (3 * 6 * 5 + 3 * 6 * 6 + 3 * 6 + 3 * 6) + (6 * 2 + 2),
            "embedding0,summary,linear2")
            .Tap("summary", F(6)).TokensBelow(20),

        new PipelineCase("lstm_on_float_sequence",
            Input(10, 3) >> LSTM(4),
            F(4),
            4 * 4 * 3 + 4 * 4 * 4 + 4 * 4 + 4 * 4,
            "lstm0"),

        new PipelineCase("checked_linear_mlp",
            Input(784) >> Linear(784, 64) >> ReLU >> Linear(64, 10),
            F(10),
            (784 * 64 + 64) + (64 * 10 + 10),
            "linear0,relu1,linear2"),

        new PipelineCase("range_normalize",
            Input(5) >> Linear(5) >> RangeNormalize().Tap("normalized"),
            F(5),
            5 * 5 + 5,
            "linear0,normalized")
            .Tap("normalized", F(5)),

        new PipelineCase("standardize_custom_epsilon",
            Input(9) >> Standardize(1e-5) >> Linear(3),
            F(3),
            9 * 3 + 3,
            "standardize0,linear1"),

        // The last tap is also the output.
        new PipelineCase("multiple_taps_autoencoder",
            Input(20) >> Linear(10).Tap("hidden") >> ReLU >> Linear(5).Tap("bottleneck") >> Linear(20).Tap("reconstruction"),
            F(20),
            (20 * 10 + 10) + (10 * 5 + 5) + (5 * 20 + 20),
            "hidden,relu1,bottleneck,reconstruction")
            .Tap("hidden", F(10)).Tap("bottleneck", F(5)).Tap("reconstruction", F(20)),

        new PipelineCase("flatten_rank1",
            Input(6) >> Flatten >> Linear(2),
            F(2),
            6 * 2 + 2,
            "flatten0,linear1"),

        // Embedding appends its dim to the token axes: [3, 4] → [3, 4, 2]; flatten 3·4·2 = 24.
        new PipelineCase("tokens_2d_embedding_flatten",
            TokenInput(3, 4) >> Embedding(10, 2) >> Flatten >> Linear(1),
            F(1),
            10 * 2 + (24 * 1 + 1),
            "embedding0,flatten1,linear2")
            .TokensBelow(10),

        // (28 + 4 − 5) + 1 = 28; pool 14; ⌊(14 − 3)/2⌋ + 1 = 6; flatten 16·6·6 = 576.
        new PipelineCase("small_cnn",
            Input(1, 28, 28) >> Conv2d(8, kernel: 5, padding: 2) >> ReLU >> MaxPool2d(2) >> Conv2d(16, kernel: 3, stride: 2)
                >> BatchNorm2d >> GELU >> Flatten >> Dropout(0.25) >> Linear(576, 10),
            F(10),
            (8 * 1 * 5 * 5 + 8) + (16 * 8 * 3 * 3 + 16) + 2 * 16 + (576 * 10 + 10),
            "conv0,relu1,maxpool2,conv3,batchnorm4,gelu5,flatten6,dropout7,linear8"),

        new PipelineCase("dropout_zero_sigmoid_head",
            Input(4) >> Dropout(0) >> Linear(4, 1) >> Sigmoid,
            F(1),
            4 * 1 + 1,
            "dropout0,linear1,sigmoid2"),

        new PipelineCase("residual_on_sequence_then_lstm",
            Input(5, 4) >> Residual(LayerNorm >> Linear(4) >> GELU).Tap("block") >> LSTM(3),
            F(3),
            2 * 4 + (4 * 4 + 4) + (4 * 3 * 4 + 4 * 3 * 3 + 4 * 3 + 4 * 3),
            "block_layernorm0,block_linear1,block_gelu2,lstm1")
            .Tap("block", F(5, 4)),

        // Self-attention keeps [6, 8]; its parameters: in_proj 3·8·8 + 3·8, out_proj 8·8 + 8. Flatten 6·8 = 48.
        new PipelineCase("multihead_attention_on_embedded_tokens",
            TokenInput(6) >> Embedding(20, 8) >> MultiheadAttention(2).Tap("attended") >> Flatten >> Linear(3),
            F(3),
            20 * 8 + (3 * 8 * 8 + 3 * 8) + (8 * 8 + 8) + (48 * 3 + 3),
            "embedding0,attended,flatten2,linear3")
            .Tap("attended", F(6, 8))
            .TokensBelow(20),

        // Each encoder layer over F = 6: attention 4·6·6 + 4·6, linear1 6·ff + ff, linear2 ff·6 + 6, two LayerNorms 2·2·6.
        new PipelineCase("transformer_encoder_layers_into_lstm",
            Input(4, 6) >> TransformerEncoderLayer(3, feedforward: 10) >> TransformerEncoderLayer(2, feedforward: 5, dropout: 0) >> LSTM(2),
            F(2),
            (4 * 6 * 6 + 4 * 6) + (6 * 10 + 10) + (10 * 6 + 6) + 2 * 2 * 6
                + (4 * 6 * 6 + 4 * 6) + (6 * 5 + 5) + (5 * 6 + 6) + 2 * 2 * 6
                + (4 * 2 * 6 + 4 * 2 * 2 + 2 * 4 * 2),
            "encoder0,encoder1,lstm2"),

        // A user's module: its declared [*, 4] feeds what follows; its Linear's 4·4 + 4 are the network's parameters.
        new PipelineCase("user_module_tapped_and_in_a_residual",
            Input(5) >> Linear(4) >> Module(() => new TanhBlock(4, 4), outputs: 4).Tap("block") >> Residual(Module(() => new TanhBlock(4, 4), 4)) >> Linear(2),
            F(2),
            (5 * 4 + 4) + (4 * 4 + 4) + (4 * 4 + 4) + (4 * 2 + 2),
            "linear0,block,residual2_module0,linear3")
            .Tap("block", F(4)),

        // A user's module changes the rank: [6] → [2, 3], which self-attention with 3 heads of width 1 reads.
        new PipelineCase("user_module_reshapes_into_attention",
            Input(6) >> Module(() => new ReshapeBlock(2, 3), 2, 3) >> MultiheadAttention(3) >> Flatten,
            F(6),
            4 * 3 * 3 + 4 * 3,
            "module0,attention1,flatten2"),

        // A user's module may read token ids: [4] Int64 → [4, 3], flattened to 12.
        new PipelineCase("user_module_reads_token_ids",
            TokenInput(4) >> Module(() => new TokenTable(10, 3), 4, 3) >> Flatten >> Linear(2),
            F(2),
            10 * 3 + (12 * 2 + 2),
            "module0,flatten1,linear2")
            .TokensBelow(10),
    };

    /// <summary>The row names, for <c>[MemberData]</c>: a name serialises, so every row is its own test case.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var row in All) data.Add(row.Name);
            return data;
        }
    }

    public static PipelineCase Get(string name) => All.Single(c => c.Name == name);
}
