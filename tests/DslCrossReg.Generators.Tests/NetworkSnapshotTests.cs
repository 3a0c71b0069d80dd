using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generated module for every layer kind, pinned as reviewed snapshots; each also compiles, with the user's
/// code, with zero diagnostics against the real .NET 10 and TorchSharp reference assemblies.
/// </summary>
public class NetworkSnapshotTests
{
    private static void VerifyNetwork(string body, string hint, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var source = $$"""
            using DslCrossReg;
            using static DslCrossReg.Layers;

            namespace Demo;

            {{body}}
            """;
        var outcome = GeneratorHarness.Run(source);
        outcome.AssertClean();
        var generated = Assert.Single(outcome.Sources);
        Snapshot.Verify(generated.Value, hint, testMethod: test);
    }

    [Fact]
    public void User_modules_attention_and_an_encoder_layer() => VerifyNetwork("""
        public sealed class Gate : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
        {
            public Gate() : base(nameof(Gate)) { }
            public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor x) => x.sigmoid() * x;
        }

        [Network]
        public partial class TextEncoder
        {
            static Layer Architecture =>
                TokenInput(12) >> Embedding(100, 16) >> MultiheadAttention(4, dropout: 0.1).Tap("attended")
                >> Residual(Module(() => new Gate(), 12, 16) >> LayerNorm) >> TransformerEncoderLayer(2, feedforward: 32)
                >> Flatten >> Module(() => new Gate(), outputs: 192).Tap("gated") >> Linear(8);
        }
        """, "TextEncoder");

    [Fact]
    public void Conv_net_with_taps_as_in_the_design_document() => VerifyNetwork("""
        [Network]
        public partial class LeftView
        {
            static Layer Architecture =>
                Input(1, 28, 14)
                >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2)
                >> Flatten
                >> Linear(64) >> ReLU
                >> Linear(32).Tap("embedding")
                >> Linear(10);
        }
        """, "LeftView");

    [Fact]
    public void Mlp_with_checked_linear_and_every_activation() => VerifyNetwork("""
        [Network]
        internal partial class Mlp
        {
            static readonly Layer Architecture = Input(8) >> Linear(8, 16) >> ReLU >> Linear(16) >> GELU >> Linear(16) >> Tanh
                >> Linear(16) >> Sigmoid >> Linear(16) >> LeakyReLU(0.2) >> Dropout(0.25) >> Linear(4).Tap("logits");
        }
        """, "Mlp");

    [Fact]
    public void Conv_arithmetic_with_stride_and_padding() => VerifyNetwork("""
        [Network]
        public partial class Strided
        {
            static Layer Architecture => Input(3, 32, 32) >> Conv2d(8, kernel: 5, stride: 2, padding: 2) >> BatchNorm2d >> ReLU
                >> AvgPool2d(2, stride: 1) >> Conv2d(4, 3, 2) >> Flatten >> Linear(10);
        }
        """, "Strided");

    [Fact]
    public void Conv1d_with_batchnorm1d_and_layernorm() => VerifyNetwork("""
        [Network]
        public partial class Signal
        {
            static Layer Architecture => Input(2, 50) >> Conv1d(6, kernel: 5, stride: 3) >> BatchNorm1d >> ReLU >> Flatten
                >> Linear(12) >> LayerNorm >> BatchNorm1d >> Linear(3);
        }
        """, "Signal");

    [Fact]
    public void Residual_blocks_nested() => VerifyNetwork("""
        [Network]
        public partial class Deep
        {
            static Layer Architecture => Input(16)
                >> Residual(Linear(32) >> ReLU >> Linear(16)).Tap("block")
                >> Residual(Residual(Linear(16) >> Tanh) >> LayerNorm)
                >> Linear(2);
        }
        """, "Deep");

    [Fact]
    public void Embedding_into_lstm_and_gru() => VerifyNetwork("""
        [Network]
        public partial class TextEncoder
        {
            static Layer Architecture => TokenInput(20) >> Embedding(1000, 32) >> LSTM(24).Tap("sentence") >> Linear(8);
        }
        """, "TextEncoder");

    [Fact]
    public void Gru_encoder() => VerifyNetwork("""
        [Network]
        public partial class GruEncoder
        {
            static Layer Architecture => TokenInput(12) >> Embedding(50, 6) >> GRU(5);
        }
        """, "GruEncoder");

    [Fact]
    public void Named_layers_and_a_named_residual() => VerifyNetwork("""
        [Network]
        public partial class Tagger
        {
            static Layer Architecture =>
                Input(6) >> Linear(8).Named("fc1") >> Tanh
                >> Residual(Linear(8).Named("fc") >> ReLU).Named("block").Tap("block") >> Linear(3).Named("head");
        }
        """, "Tagger");

    [Fact]
    public void Normalisers_in_a_getter_body() => VerifyNetwork("""
        [Network]
        public partial class Normalised
        {
            static Layer Architecture
            {
                get { return Input(10) >> Linear(10) >> RangeNormalize() >> Linear(10) >> Standardize(1e-5).Tap("z"); }
            }
        }
        """, "Normalised");
}
