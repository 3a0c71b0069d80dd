using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>DCR0047: exporting a network that holds a layer without an ONNX export is an error at the call.</summary>
public class OnnxExportDiagnosticTests
{
    private const string Usings = "using DslCrossReg;\nusing TorchSharp;\nusing static DslCrossReg.Layers;\nusing static TorchSharp.torch;\n\nnamespace Demo;\n\n";

    private const string Block = """

        public sealed class Block : nn.Module<Tensor, Tensor>
        {
            public Block() : base(nameof(Block)) { }
            public override Tensor forward(Tensor x) => x;
        }
        """;

    private static Diagnostic Single(string markup)
    {
        var (source, span) = Markup.Parse(Usings + markup + Block);
        var outcome = GeneratorHarness.Run(source);
        Assert.Null(outcome.Result.Exception);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("DCR0047", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("https://github.com/dslcrossreg/DslCrossReg/blob/main/docs/diagnostics/DCR0047.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Empty(outcome.CompilationDiagnostics);
        return diagnostic;
    }

    [Fact]
    public void DCR0047_saving_a_network_with_a_Module_stage_is_an_error_that_names_the_stage()
    {
        var diagnostic = Single("""
            [Network]
            public partial class Encoder
            {
                static Layer Architecture => Input(5, 8) >> Module(() => new Block(), 5, 8) >> Flatten >> Linear(2);
                public void Export(string path) => [|OnnxExport.Save(this, Architecture, path, nameof(Encoder))|];
            }
            """);
        Assert.Equal(
            "Network 'Encoder' cannot be exported to ONNX: module0 (Module<Block>(outputs: 5, 8), layer 0 after Input) has no ONNX export. "
            + "Layers that export: Linear, ReLU, GELU, Tanh, Sigmoid, LeakyReLU, Flatten, Dropout, Conv1d, Conv2d, MaxPool2d, AvgPool2d, "
            + "BatchNorm1d, BatchNorm2d, LayerNorm, Residual, RangeNormalize, Standardize, Embedding, LSTM, GRU, MultiheadAttention, TransformerEncoderLayer. "
            + "OnnxExport.Save would throw NotSupportedException here.",
            diagnostic.GetMessage());
    }

    [Fact]
    public void DCR0047_every_unexportable_layer_is_named_inside_residuals_too_and_ToBytes_is_checked_with_a_named_argument()
    {
        var diagnostic = Single("""
            [Network]
            public partial class Encoder
            {
                static Layer Architecture => Input(5, 8) >> Residual(Module(() => new Block(), 5, 8)) >> MultiheadAttention(2) >> Module(() => new Block(), 5, 8) >> LSTM(3);
                public byte[] Bytes() => [|OnnxExport.ToBytes(architecture: Architecture, module: this)|];
            }
            """);
        Assert.StartsWith(
            "Network 'Encoder' cannot be exported to ONNX: residual0_module0 (Module<Block>(outputs: 5, 8), layer 0 after Input of its Residual); "
            + "module2 (Module<Block>(outputs: 5, 8), layer 2 after Input) have no ONNX export.",
            diagnostic.GetMessage());
        Assert.EndsWith("OnnxExport.ToBytes would throw NotSupportedException here.", diagnostic.GetMessage());
    }

    [Theory]
    // Every layer exports: no diagnostic.
    [InlineData("static Layer Architecture => TokenInput(6) >> Embedding(10, 4) >> LSTM(5) >> Residual(Linear(5) >> GELU) >> LayerNorm >> Linear(2);\n"
        + "    public void Export(string path) => OnnxExport.Save(this, Architecture, path);")]
    // An architecture that is not this network's is not checked at compile time (its export still refuses at run time).
    [InlineData("static Layer Architecture => Input(5, 8) >> MultiheadAttention(2) >> TransformerEncoderLayer(2, feedforward: 4) >> Flatten >> Linear(2);\n"
        + "    public static void Export(nn.Module module, string path) => OnnxExport.Save(module, Input(4) >> Linear(2), path);")]
    // A network with a Module stage that is never exported: no diagnostic.
    [InlineData("static Layer Architecture => Input(5, 8) >> Module(() => new Block(), 5, 8) >> Flatten >> Linear(2);")]
    public void Declarations_without_DCR0047(string members)
        => GeneratorHarness.Run(Usings + "[Network]\npublic partial class Encoder\n{\n    " + members + "\n}" + Block).AssertClean();
}
