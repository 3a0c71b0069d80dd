using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// A user's Module stage and the attention layers in the generator: what is generated for a valid declaration, and
/// the diagnostic (id, severity, span, message) for each wrong one.
/// </summary>
public class UserModuleDiagnosticTests
{
    private const string Usings = "using DslCrossReg;\nusing TorchSharp;\nusing static DslCrossReg.Layers;\nusing static TorchSharp.torch;\n\nnamespace Demo;\n\n";

    private const string Block = """

        public sealed class Block : nn.Module<Tensor, Tensor>
        {
            private readonly TorchSharp.Modules.Linear linear = nn.Linear(8, 8);
            public Block() : base(nameof(Block)) => RegisterComponents();
            public override Tensor forward(Tensor x) => linear.call(x);
        }
        """;

    private static (Diagnostic Diagnostic, GeneratorOutcome Outcome) Single(string markup, string id, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var (source, span) = Markup.Parse(Usings + markup + Block);
        var outcome = GeneratorHarness.Run(source);
        Assert.Null(outcome.Result.Exception);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal($"https://github.com/dslcrossreg/DslCrossReg/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        return (diagnostic, outcome);
    }

    [Fact]
    public void A_module_stage_and_attention_layers_generate_a_network_that_compiles_without_a_parameter_count()
    {
        var outcome = GeneratorHarness.Run(Usings + """
            [Network]
            public partial class Encoder
            {
                static Layer Architecture => Input(5, 8) >> Module(() => new Block(), 5, 8).Tap("block") >> MultiheadAttention(2)
                    >> Residual(Module(() => new Block(), outputs: new[] { 5, 8 }[0]) ) >> Flatten;
            }
            """ + Block);
        // A non-constant output shape is refused (DCR0004): the stage's shape must be known at compile time.
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("DCR0004", diagnostic.Id);
        Assert.Equal("The argument 'outputs' of Module must be a compile-time constant so the network's shapes can be checked at compile time", diagnostic.GetMessage());

        var fixedOutcome = GeneratorHarness.Run(Usings + """
            [Network]
            public partial class Encoder
            {
                static Layer Architecture => Input(5, 8) >> Module(() => new Block(), 5, 8).Tap("block") >> MultiheadAttention(2)
                    >> Residual(Module(() => new Block(), 5, 8)) >> TransformerEncoderLayer(4, feedforward: 16) >> Flatten;
            }
            """ + Block);
        fixedOutcome.AssertClean();
        string generated = Assert.Single(fixedOutcome.Sources).Value;
        Assert.DoesNotContain("ParameterCount =", generated, System.StringComparison.Ordinal);
        Assert.Contains("this.block = global::DslCrossReg.Modules.UserModules.Create(Architecture, \"block\", \"Encoder\");", generated, System.StringComparison.Ordinal);
        Assert.Contains("this.residual2_module0 = global::DslCrossReg.Modules.UserModules.Create(Architecture, \"residual2_module0\", \"Encoder\");", generated, System.StringComparison.Ordinal);
        Assert.Contains("this.attention1 = global::TorchSharp.torch.nn.MultiheadAttention(8, 2, 0.0)", generated, System.StringComparison.Ordinal);
        Assert.Contains("this.encoder3 = global::TorchSharp.torch.nn.TransformerEncoderLayer(8, 4, 16, 0.1)", generated, System.StringComparison.Ordinal);
    }

    [Theory]
    // A two-input module: the message names the Module<...> it is.
    [InlineData("static Layer Architecture => Input(5, 8) >> Module([|() => nn.Bilinear(8, 8, 8)|], outputs: 8);",
        "Module(...) needs a factory of a TorchSharp Module<Tensor, Tensor>, but 'Bilinear' is a Module<Tensor, Tensor, Tensor>: a pipeline stage takes one tensor and returns one; wrap it in a Module<Tensor, Tensor> whose forward calls it")]
    // A method group making no module at all.
    [InlineData("static string Make() => \"block\";\n    static Layer Architecture => Input(8) >> Module([|Make|], outputs: 8) >> Linear(2);",
        "Module(...) needs a factory of a TorchSharp Module<Tensor, Tensor>, but 'string' is not a TorchSharp module: a pipeline stage takes one tensor and returns one; wrap it in a Module<Tensor, Tensor> whose forward calls it")]
    public void DCR0045_a_factory_of_something_other_than_a_one_tensor_module(string members, string message)
    {
        var (diagnostic, outcome) = Single("[Network]\npublic partial class Encoder\n{\n    " + members + "\n}", "DCR0045");
        Assert.Equal(message, diagnostic.GetMessage());
        // The compiler says it too, in its words; nothing else fails, and the network is a placeholder.
        outcome.AssertOnlyPlaceholders(".cs", "CS0311");
    }

    [Fact]
    public void DCR0046_a_factory_returning_a_shared_module_warns_and_the_network_is_still_generated()
    {
        var (diagnostic, outcome) = Single("""
            [Network]
            public partial class Encoder
            {
                static readonly Block Shared = new Block();
                static Layer Architecture => Input(8) >> Module(() => [|Shared|], outputs: 8) >> Linear(2);
            }
            """, "DCR0046", DiagnosticSeverity.Warning);
        Assert.Equal(
            "The Module factory returns 'Shared', a module that already exists: every network built from this architecture (each system member, each interpreted network) would share it and its parameters; create the module in the factory, as in '() => new MyBlock()'",
            diagnostic.GetMessage());
        Assert.Empty(outcome.CompilationDiagnostics);
        Assert.DoesNotContain("/// Placeholder", Assert.Single(outcome.Sources).Value, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_with_a_module_stage_has_its_declared_shape_but_no_parameter_count()
    {
        // A duplicate tap breaks the network: its placeholder still has the stage's tap shape, and no parameter count
        // (the module's parameters are unknown), nor does one whose layer before the stage is broken.
        var (_, outcome) = Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(8) >> Module(() => new Block(), outputs: 8).Tap(\"h\") >> [|Linear(3)|].Tap(\"h\");\n}", "DCR0008");
        string placeholder = Assert.Single(outcome.Sources).Value;
        Assert.Contains("/// Placeholder: ", placeholder, System.StringComparison.Ordinal);
        Assert.Contains("HShape { get; } = new int[] { 8 };", placeholder, System.StringComparison.Ordinal);
        Assert.DoesNotContain("ParameterCount =", placeholder, System.StringComparison.Ordinal);

        var (_, broken) = Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> [|Linear(4, 2)|] >> Module(() => new Block(), 5, 8).Tap(\"h\");\n}", "DCR0006");
        Assert.Contains("HShape { get; } = new int[] { 5, 8 };", Assert.Single(broken.Sources).Value, System.StringComparison.Ordinal);
    }

    [Theory]
    // A factory that calls a method or a constructor creates a module per network: no DCR0046.
    [InlineData("static Block Make() => new Block();\n    static Layer Architecture => Input(8) >> Module(() => Make(), outputs: 8) >> Module(Make, 8) >> Module(() => new Block(), 8);")]
    // A tap named like a stage's declared-shape field does not clash with it.
    [InlineData("static Layer Architecture => Input(8) >> Module(() => new Block(), outputs: 8).Tap(\"module0Declared\") >> Linear(2);")]
    public void Declarations_that_generate_and_compile_without_a_diagnostic(string members)
        => GeneratorHarness.Run(Usings + "[Network]\npublic partial class Encoder\n{\n    " + members + "\n}" + Block).AssertClean();

    [Theory]
    [InlineData("Input(5, 10) >> [|MultiheadAttention(4)|]", "DCR0007",
        "Network 'Encoder': layer 0 MultiheadAttention(4): the feature width 10 of input [*, 5, 10] is not divisible by 4 heads")]
    [InlineData("Input(40) >> [|MultiheadAttention(4)|]", "DCR0006",
        "Network 'Encoder': layer 0 MultiheadAttention(4) expects input [*, L, F] but receives [*, 40]")]
    [InlineData("Input(5, 8) >> [|TransformerEncoderLayer(2, feedforward: 0)|]", "DCR0007",
        "Network 'Encoder': layer 0 TransformerEncoderLayer(2, feedforward: 0): feedforward must be positive, got 0")]
    [InlineData("Input(5, 8) >> [|MultiheadAttention(2, dropout: 1.0)|]", "DCR0007",
        "Network 'Encoder': layer 0 MultiheadAttention(2, dropout: 1): dropout must be in [0, 1), got 1")]
    [InlineData("TokenInput(5) >> [|TransformerEncoderLayer(2, feedforward: 8)|]", "DCR0006",
        "Network 'Encoder': layer 0 TransformerEncoderLayer(2, feedforward: 8) expects Float32 input but receives Int64 token ids [*, 5] Int64; start with Embedding(vocabulary, dim)")]
    [InlineData("Input(8) >> [|Module(() => new Block())|]", "DCR0007",
        "Network 'Encoder': layer 0 Module<Block>(): declare the module's per-sample output shape, e.g. outputs: 64")]
    [InlineData("Input(8) >> Module(() => new Block(), outputs: 8) >> [|Linear(4, 2)|]", "DCR0006",
        "Network 'Encoder': layer 1 Linear(4, 2) expects input [*, 4] but receives [*, 8]")]
    [InlineData("Input(8) >> Module(() => new Block(), 5, 8) >> LSTM(3) >> [|MultiheadAttention(1)|] >> Module(() => new Block(), outputs: 0)", "DCR0006",
        "Network 'Encoder': layer 2 MultiheadAttention(1) expects input [*, L, F] but receives [*, 3]")]
    [InlineData("Input(8) >> Linear(4) >> [|Module(() => new Block(), 8, 0)|]", "DCR0007",
        "Network 'Encoder': layer 1 Module<Block>(outputs: 8, 0): every output dimension must be positive, got 0")]
    public void Wrong_declarations_are_reported_at_the_layer(string pipeline, string id, string message)
    {
        var (diagnostic, outcome) = Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => " + pipeline + ";\n}", id);
        Assert.Equal(message, diagnostic.GetMessage());
        outcome.AssertOnlyPlaceholders();
    }
}
