using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Tap names are the user's free text, but they become a property, two constants and a local in generated code:
/// a name that would collide there either gets a fresh local or a DCR error at the tap, never a compiler error
/// inside the generated file.
/// </summary>
public class TapNamingTests
{
    private static GeneratorOutcome Run(string architecture) => GeneratorHarness.Run(Source(architecture));

    private static string Source(string architecture) => $$"""
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Demo;

        [Network]
        public partial class Net
        {
            static Layer Architecture => {{architecture}};
        }
        """;

    [Theory]
    // The local for 'relu1' shares the field relu1's name (the layer is named after its tap): forward reads fields
    // through 'this.', so it needs no other name.
    [InlineData("""Input(4) >> Linear(4) >> ReLU.Tap("relu1") >> Linear(2)""", "relu1")]
    // The local for 'inner' would clash with the Residual's own inner variable.
    [InlineData("""Input(4) >> Linear(4).Tap("inner") >> Residual(Linear(4) >> Residual(Linear(4))) >> Linear(2)""", "innerTap")]
    [InlineData("""Input(4) >> Linear(4).Tap("inner2") >> Residual(Residual(Linear(4))) >> Linear(2)""", "inner2Tap")]
    // The forward's own locals, and a second tap whose local is already taken by the first one's fallback.
    [InlineData("""Input(4) >> Linear(4).Tap("x") >> Linear(4).Tap("x_tap") >> Linear(2)""", "xTapTap")]
    public void Tap_locals_that_would_collide_get_a_fresh_name_and_compile(string architecture, string expectedLocal)
    {
        var outcome = Run(architecture);
        outcome.AssertClean();
        Assert.Contains("var " + expectedLocal + " = ", Assert.Single(outcome.Sources).Value);
    }

    [Theory]
    [InlineData("output", "Output")]
    [InlineData("input", "Input")]
    [InlineData("input_tensor", "InputTensor")]
    [InlineData("to_string", "ToString")]
    [InlineData("equality-contract", "EqualityContract")]
    public void Tap_names_that_become_generated_members_are_rejected_at_the_tap(string tap, string property)
    {
        string architecture = "Input(4) >> Linear(4).Tap(\"" + tap + "\") >> Linear(2)";
        var outcome = Run(architecture);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("DCR0008", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'" + property + "'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        string source = Source(architecture);
        string tapped = "Linear(4).Tap(\"" + tap + "\")";
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(source.IndexOf(tapped, System.StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        // The tapped layer's call, as for every other duplicate-tap error.
        Assert.Equal("Linear(4)".Length, diagnostic.Location.SourceSpan.Length);
        outcome.AssertOnlyPlaceholders();
        // Only the DCR error: nothing was generated that the compiler could also complain about.
        Assert.DoesNotContain(outcome.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
    }
}
