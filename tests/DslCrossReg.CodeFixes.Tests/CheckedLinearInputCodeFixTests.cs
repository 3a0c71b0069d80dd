using System.Threading.Tasks;
using DslCrossReg.CodeFixes.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace DslCrossReg.CodeFixes.Tests;

/// <summary>DCR0006 on a checked Linear(in, out): 'in' becomes the width that arrives there (worked out by hand below).</summary>
public class CheckedLinearInputCodeFixTests
{
    [Fact]
    public Task A_checked_linear_after_flatten_gets_channels_times_height_times_width()
        => new GeneratorCodeFixTest<CheckedLinearInputCodeFix>
        {
            // Flatten of [1, 28, 28] gives 1·28·28 = 784 features.
            TestCode = Network("Input(1, 28, 28) >> Flatten >> {|DCR0006:Linear(100, 10)|}"),
            FixedCode = Network("Input(1, 28, 28) >> Flatten >> Linear(784, 10)"),
        }.RunAsync();

    [Fact]
    public Task A_named_out_of_order_in_features_argument_is_the_one_replaced()
        => new GeneratorCodeFixTest<CheckedLinearInputCodeFix>
        {
            // Conv2d(4, kernel: 3) on [1, 6, 6] gives [4, 4, 4]; flattened, 64.
            TestCode = Network("Input(1, 6, 6) >> Conv2d(4, kernel: 3) >> Flatten >> {|DCR0006:Linear(outFeatures: 10, inFeatures: 100)|}"),
            FixedCode = Network("Input(1, 6, 6) >> Conv2d(4, kernel: 3) >> Flatten >> Linear(outFeatures: 10, inFeatures: 64)"),
        }.RunAsync();

    [Fact]
    public Task A_checked_linear_inside_a_residual_gets_the_width_of_the_inner_layer_before_it()
        => new GeneratorCodeFixTest<CheckedLinearInputCodeFix>
        {
            // The inner Linear(16, 8) makes the width 8 before the mismatched Linear(5, 16).
            TestCode = Network("Input(16) >> Residual(Linear(16, 8) >> ReLU >> {|DCR0006:Linear(5, 16)|}) >> Linear(2)"),
            FixedCode = Network("Input(16) >> Residual(Linear(16, 8) >> ReLU >> Linear(8, 16)) >> Linear(2)"),
        }.RunAsync();

    [Fact]
    public Task A_shape_mismatch_that_is_not_a_checked_linear_has_no_fix()
        => new GeneratorCodeFixTest<CheckedLinearInputCodeFix>
        {
            TestCode = Network("Input(10) >> {|DCR0006:Conv2d(4, kernel: 3)|}"),
            // The unchanged code, its diagnostic still expected: no fix is offered.
            FixedState = { Sources = { Network("Input(10) >> {|DCR0006:Conv2d(4, kernel: 3)|}") }, MarkupHandling = MarkupMode.Allow },
        }.RunAsync();

    private static string Network(string pipeline) => """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        [Network]
        public partial class Encoder
        {
            static Layer Architecture => PIPELINE;
        }
        """.Replace("PIPELINE", pipeline);
}
