using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>One test per diagnostic: its id, its severity, the exact span it squiggles, and its message.</summary>
public class NetworkDiagnosticTests
{
    private const string Usings = "using DslCrossReg;\nusing static DslCrossReg.Layers;\n\nnamespace Demo;\n\n";

    private static Diagnostic Single(string markup, string id)
    {
        var (source, span) = Markup.Parse(Usings + markup);
        var outcome = GeneratorHarness.Run(source);
        Assert.Null(outcome.Result.Exception);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.SourceTree?.FilePath ?? diagnostic.Location.GetLineSpan().Path);
        Assert.Equal($"https://github.com/dslcrossreg/DslCrossReg/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        outcome.AssertOnlyPlaceholders();
        return diagnostic;
    }

    [Fact]
    public void DCR0001_class_not_partial() => Assert.Equal(
        "The [Network] class 'Encoder' must be declared partial so that the generator can add its module code",
        Single("[Network]\npublic class [|Encoder|]\n{\n    static Layer Architecture => Input(8) >> Linear(4);\n}", "DCR0001").GetMessage());

    [Fact]
    public void DCR0002_no_architecture_member() => Assert.Equal(
        "The [Network] class 'Encoder' has no static member of type DslCrossReg.Layer (by convention 'static Layer Architecture => Input(...) >> ...')",
        Single("[Network]\npublic partial class [|Encoder|]\n{\n    static int Width => 3;\n}", "DCR0002").GetMessage());

    [Fact]
    public void DCR0002_architecture_written_as_a_block_body() => Single(
        "[Network]\npublic partial class Encoder\n{\n    static Layer [|Architecture|] { get { var l = Input(8); return l >> Linear(4); } }\n}", "DCR0002");

    [Fact]
    public void DCR0003_two_architecture_members() => Assert.Contains(
        "(Architecture, Other)",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(4);\n    static Layer [|Other|] => Input(8) >> Linear(2);\n}", "DCR0003").GetMessage());

    [Fact]
    public void DCR0004_non_constant_argument_at_the_argument() => Assert.Equal(
        "The argument 'outFeatures' of Linear must be a compile-time constant so the network's shapes can be checked at compile time",
        Single("[Network]\npublic partial class Encoder\n{\n    static int width = 4;\n    static Layer Architecture => Input(8) >> Linear([|width|]);\n}", "DCR0004").GetMessage());

    [Fact]
    public void DCR0004_non_constant_named_argument_squiggles_the_value_only() => Single(
        "[Network]\npublic partial class Encoder\n{\n    static int k = 3;\n    static Layer Architecture => Input(1, 8, 8) >> Conv2d(4, kernel: [|k|]);\n}", "DCR0004");

    [Fact]
    public void DCR0004_non_constant_input_dimension() => Single(
        "[Network]\npublic partial class Encoder\n{\n    static int n = 3;\n    static Layer Architecture => Input(8, [|n|]) >> Flatten;\n}", "DCR0004");

    [Fact]
    public void DCR0005_call_outside_the_dsl() => Assert.Equal(
        "'Helper' is not part of the Layers DSL; an architecture is built only from DslCrossReg.Layers members, '>>' and '.Tap(name)'",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Helper() => Linear(4);\n    static Layer Architecture => Input(8) >> [|Helper()|];\n}", "DCR0005").GetMessage());

    [Fact]
    public void DCR0005_conditional_expression() => Single(
        "[Network]\npublic partial class Encoder\n{\n    const bool Big = true;\n    static Layer Architecture => Input(8) >> ([|Big ? Linear(8) : Linear(4)|]);\n}", "DCR0005");

    [Fact]
    public void DCR0006_shape_mismatch_at_the_offending_call() => Assert.Equal(
        "Network 'Encoder': layer 1 Linear(100, 10) expects input [*, 100] but receives [*, 784]",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(1, 28, 28) >> Flatten >> [|Linear(100, 10)|];\n}", "DCR0006").GetMessage());

    [Fact]
    public void DCR0006_conv_after_flatten() => Single(
        "[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(1, 8, 8) >> Flatten >> [|Conv2d(4, kernel: 3)|];\n}", "DCR0006");

    [Fact]
    public void DCR0007_dropout_probability_out_of_range() => Assert.Equal(
        "Network 'Encoder': layer 1 Dropout(1.5): p must be in [0, 1), got 1.5",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(8) >> [|Dropout(1.5)|];\n}", "DCR0007").GetMessage());

    [Fact]
    public void DCR0007_kernel_larger_than_input() => Assert.Equal(
        "Network 'Encoder': layer 0 Conv2d(4, kernel: 9): kernel 9 is larger than the padded height 8 of input [*, 1, 8, 8]",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(1, 8, 8) >> [|Conv2d(4, kernel: 9)|];\n}", "DCR0007").GetMessage());

    [Fact]
    public void DCR0007_zero_size() => Single(
        "[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> [|Linear(0)|];\n}", "DCR0007");

    [Fact]
    public void DCR0008_duplicate_tap_at_the_second_tap() => Assert.Equal(
        "Network 'Encoder': layer 1 Linear(4): tap name 'h' is already used by layer 0",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(4).Tap(\"h\") >> [|Linear(4)|].Tap(\"h\");\n}", "DCR0008").GetMessage());

    [Fact]
    public void DCR0008_a_second_tap_on_one_layer_at_the_second_tap() => Assert.Equal(
        "Network 'Encoder': the Linear layer is already tapped as 'a', so .Tap(\"b\") would throw at run time: a layer has one tap; tap another layer, or remove one of the two",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(4).Tap(\"a\").[|Tap(\"b\")|] >> ReLU;\n}", "DCR0008").GetMessage());

    [Fact]
    public void DCR0048_a_second_name_on_one_layer_at_the_second_name() => Assert.Equal(
        "Network 'Encoder': the Linear layer is already named 'fc1', so .Named(\"fc\") would throw at run time: a layer has one name; remove one of the two",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> (Linear(4).Named(\"fc1\")).[|Named(\"fc\")|];\n}", "DCR0048").GetMessage());

    [Fact]
    public void A_second_tap_or_name_on_one_layer_is_what_the_runtime_refuses()
    {
        var tapped = Assert.ThrowsAny<System.ArgumentException>(() => DslCrossReg.Layers.Linear(4).Tap("a").Tap("b"));
        Assert.Contains("already tapped as 'a'", tapped.Message);
        var named = Assert.ThrowsAny<System.ArgumentException>(() => DslCrossReg.Layers.Linear(4).Named("fc1").Named("fc"));
        Assert.Contains("already named 'fc1'", named.Message);
    }

    [Fact]
    public void DCR0008_tap_that_would_shadow_the_result() => Single(
        "[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> [|Linear(4)|].Tap(\"result\");\n}", "DCR0008");

    [Fact]
    public void DCR0048_two_layers_with_one_name_at_the_second() => Assert.Equal(
        "Network 'Encoder': layer 2 Linear(2).Named(\"fc\"): the name 'fc' is already used by layer 0",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(4).Named(\"fc\") >> ReLU >> [|Linear(2)|].Named(\"fc\");\n}", "DCR0048").GetMessage());

    [Fact]
    public void DCR0048_a_declared_name_that_is_another_layers_position() => Assert.Equal(
        "Network 'Encoder': layer 1 Linear(2): the name 'linear1' is already used by layer 0",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(4).Named(\"linear1\") >> [|Linear(2)|];\n}", "DCR0048").GetMessage());

    [Fact]
    public void DCR0048_a_name_with_a_dot() => Assert.Equal(
        "Network 'Encoder': layer 0 Linear(4).Named(\"block.fc\"): 'block.fc' is not a layer name; use letters, digits and underscores, starting with a letter or an underscore",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> [|Linear(4)|].Named(\"block.fc\");\n}", "DCR0048").GetMessage());

    [Fact]
    public void DCR0048_a_name_inside_a_residual_taken_with_its_prefix() => Assert.Equal(
        "Network 'Encoder': layer 1 Residual, inner layer 0 Linear(4).Named(\"fc\"): the name 'block_fc' is already used by layer 0",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(4) >> Linear(4).Named(\"block_fc\") >> Residual([|Linear(4)|].Named(\"fc\")).Named(\"block\");\n}", "DCR0048").GetMessage());

    [Theory]
    [InlineData("class", "is a C# keyword")]
    [InlineData("forward", "is a member the generator writes in Encoder")]
    [InlineData("HiddenShape", "is a member the generator writes in Encoder")]
    [InlineData("Encoder", "is a member the generator writes in Encoder")]
    [InlineData("Width", "is already a member of Encoder")]
    [InlineData("train", "is a member of TorchSharp's nn.Module, the generated class's base")]
    [InlineData("register_module", "is a member of TorchSharp's nn.Module, the generated class's base")]
    public void DCR0048_a_name_the_generated_class_already_has(string name, string reason) => Assert.Equal(
        $"Network 'Encoder': the layer name '{name}' {reason}; name the layer otherwise with .Named(\"…\")",
        Single("[Network]\npublic partial class Encoder\n{\n    const int Width = 4;\n    static Layer Architecture => Input(8) >> [|Linear(Width)|].Tap(\"hidden\").Named(\"" + name + "\") >> Linear(2);\n}", "DCR0048").GetMessage());

    [Fact]
    public void DCR0048_a_positional_name_the_users_part_already_has() => Assert.Equal(
        "Network 'Encoder': the layer name 'linear1' is already a member of Encoder; name the layer otherwise with .Named(\"…\")",
        Single("[Network]\npublic partial class Encoder\n{\n    const int linear1 = 2;\n    static Layer Architecture => Input(8) >> Linear(4) >> [|Linear(linear1)|];\n}", "DCR0048").GetMessage());

    [Fact]
    public void DCR0009_residual_that_changes_the_shape() => Assert.Equal(
        "Network 'Encoder': layer 0 Residual(Linear(8)) must preserve its input shape [*, 16] but its inner pipeline returns [*, 8]",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(16) >> [|Residual(Linear(8))|];\n}", "DCR0009").GetMessage());

    [Fact]
    public void DCR0010_class_with_a_base_class() => Assert.Equal(
        "The [Network] class 'Encoder' derives from 'Demo.Base'; the generator makes it a TorchSharp module, so it must not declare a base class",
        Single("public class Base { }\n[Network]\npublic partial class Encoder : [|Base|]\n{\n    static Layer Architecture => Input(8) >> Linear(4);\n}", "DCR0010").GetMessage());

    [Fact]
    public void DCR0011_nested_network() => Assert.Equal(
        "The [Network] class 'Inner' is nested in 'Outer'; declare networks as non-generic top-level classes",
        Single("public partial class Outer\n{\n    [Network]\n    public partial class [|Inner|]\n    {\n        static Layer Architecture => Input(8) >> Linear(4);\n    }\n}", "DCR0011").GetMessage());

    [Fact]
    public void DCR0011_generic_network() => Single(
        "[Network]\npublic partial class [|Encoder|]<T>\n{\n    static Layer Architecture => Input(8) >> Linear(4);\n}", "DCR0011");

    [Fact]
    public void DCR0013_a_parser_exception_becomes_one_diagnostic_on_the_class_name()
    {
        // No declaration makes the parsers throw (the fuzz tests look for one); the guard every parse runs in is
        // given a parser that does, for a class the analyzer would read.
        var (source, span) = Markup.Parse(Usings + "[Network]\npublic partial class [|Encoder|]\n{\n    static Layer Architecture => Input(8) >> Linear(4);\n}");
        var compilation = GeneratorHarness.Compilation(source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var declaration = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().Single();
        var symbol = model.GetDeclaredSymbol(declaration)!;
        var context = new DslCrossReg.Generators.Parse.DeclarationContext(declaration, symbol, model, symbol.GetAttributes());
        var result = DslCrossReg.Generators.Parse.GuardedParse.Run<DslCrossReg.Generators.Model.NetworkModel>(
            context, (_, _, _) => throw new System.InvalidOperationException("boom"), System.Threading.CancellationToken.None);
        Assert.Null(result.Value);
        Assert.Null(result.Shell);
        var diagnostic = Assert.Single(result.Diagnostics).ToDiagnostic(tree);
        Assert.Equal("DCR0013", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Same(tree, diagnostic.Location.SourceTree);
        Assert.Equal("The DslCrossReg generator could not process 'Encoder': InvalidOperationException: boom. Please report this with the declaration.", diagnostic.GetMessage());
    }

    [Fact]
    public void DCR0012_pipeline_without_input() => Assert.Equal(
        "Network 'Encoder': the pipeline must start with Input(...) or TokenInput(...), not Linear(10)",
        Single("[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => [|Linear(10) >> ReLU|];\n}", "DCR0012").GetMessage());

    [Fact]
    public void DCR0012_input_in_the_middle() => Single(
        "[Network]\npublic partial class Encoder\n{\n    static Layer Architecture => Input(8) >> Linear(4) >> [|Input(4)|];\n}", "DCR0012");

    [Fact]
    public void Every_error_in_a_pipeline_with_several_non_constants_is_reported()
    {
        var source = Usings + "[Network]\npublic partial class Encoder\n{\n    static int a = 1, b = 2;\n    static Layer Architecture => Input(8) >> Linear(a) >> Linear(b);\n}";
        var outcome = GeneratorHarness.Run(source);
        Assert.Equal(new[] { "DCR0004", "DCR0004" }, outcome.Diagnostics.Select(d => d.Id));
    }
}
