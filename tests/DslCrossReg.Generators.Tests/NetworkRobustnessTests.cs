using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The IDE runs the generator on half-typed code all the time: it must answer with diagnostics or nothing,
/// never an exception (CS8785) and never its internal-error diagnostic.
/// </summary>
public class NetworkRobustnessTests
{
    [Theory]
    [InlineData("static Layer Architecture => Input(8) >> Linear(")]
    [InlineData("static Layer Architecture => Input(8) >> ;")]
    [InlineData("static Layer Architecture => Input(8) >> Lin")]
    [InlineData("static Layer Architecture => Input() >> Linear(4);")]
    [InlineData("static Layer Architecture => Input(8) >> Linear(4).Tap();")]
    [InlineData("static Layer Architecture => Input(8) >> Linear(4).Tap(null);")]
    [InlineData("static Layer Architecture => Input(8) >> Linear(4).Tap(\"\");")]
    [InlineData("static Layer Architecture => Input(8) >> Residual() >> Linear(4);")]
    [InlineData("static Layer Architecture => Input(8) >> Residual(null) >> Linear(4);")]
    [InlineData("static Layer Architecture => Input(8) >> Linear(4, 5, 6);")]
    [InlineData("static Layer Architecture => Input(-1) >> Linear(int.MaxValue);")]
    [InlineData("static Layer Architecture => Input(int.MaxValue, int.MaxValue) >> Flatten >> Linear(2);")]
    [InlineData("static Layer Architecture => Input(8) >> Dropout(double.NaN) >> LeakyReLU(double.PositiveInfinity);")]
    [InlineData("static Layer Architecture => Input(8) >> Linear(4.5);")]
    [InlineData("static Layer Architecture => null;")]
    [InlineData("static Layer Architecture => default;")]
    [InlineData("static Layer Architecture => Architecture;")]
    [InlineData("static Layer Architecture => Input(8) >> (Layer)null;")]
    [InlineData("static Layer Architecture => new[] { Linear(4) }[0];")]
    [InlineData("static Layer Architecture => Input(8) >> Linear(4) >> Input(3) >> Input(2);")]
    [InlineData("static Layer Architecture;")]
    [InlineData("static Layer Architecture { get; }")]
    [InlineData("static Layer Architecture => Input(1, 4, 4) >> Conv2d(2, kernel: 3, stride: 0, padding: -1);")]
    [InlineData("static Layer Architecture => TokenInput(5) >> Embedding(0, 0) >> LSTM(0);")]
    [InlineData("static Layer Architecture => Input(8) >> Residual(Residual(Residual(Linear(8).Tap(\"a\"))));")]
    [InlineData("}")]
    [InlineData("static Layer Architecture => Input(8) >> Linear(4)")]
    public void Malformed_declarations_never_crash_the_generator(string member)
    {
        var source = "using DslCrossReg;\nusing static DslCrossReg.Layers;\nnamespace Demo;\n[Network]\npublic partial class Encoder\n{\n    " + member + "\n}\n";
        var outcome = GeneratorHarness.Run(source);
        Assert.Null(outcome.Result.Exception);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id == "DCR0013");
        Assert.All(outcome.Diagnostics, d => Assert.StartsWith("DCR", d.Id));
        // Whatever was generated must not add errors of its own to the user's.
        var generatedErrors = outcome.Output.GetDiagnostics()
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true);
        Assert.Empty(generatedErrors);
    }
}
