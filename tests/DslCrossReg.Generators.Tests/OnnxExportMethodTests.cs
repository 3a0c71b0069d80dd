using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Every generated network has <c>ExportOnnx(path)</c>; one with a layer that has no ONNX export gets it marked
/// obsolete-as-error, so a call is refused when it compiles, with the layers named, and a network that does not call
/// it compiles cleanly.
/// </summary>
public sealed class OnnxExportMethodTests
{
    private const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        namespace Demo;

        public sealed class Gate : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
        {
            public Gate() : base(nameof(Gate)) { }

            public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => input;
        }

        [Network]
        public partial class Plain
        {
            static Layer Architecture => Input(6) >> Linear(8) >> ReLU >> Linear(3);
        }

        [Network]
        public partial class Gated
        {
            static Layer Architecture => Input(6) >> Linear(8) >> Residual(Module(() => new Gate(), 8) >> Tanh) >> Linear(3);
        }
        """;

    [Fact]
    public void Exporting_a_network_whose_layers_all_export_compiles()
    {
        var outcome = GeneratorHarness.Run(Networks, """
            namespace Demo;
            public static class Use { public static void Export(Plain plain) => plain.ExportOnnx("plain.onnx"); }
            """);
        outcome.AssertClean();
    }

    [Fact]
    public void Exporting_a_network_with_a_module_stage_is_a_compile_time_error_naming_the_layer()
    {
        var clean = GeneratorHarness.Run(Networks);
        clean.AssertClean();

        var outcome = GeneratorHarness.Run(Networks, """
            namespace Demo;
            public static class Use { public static void Export(Gated gated) => gated.ExportOnnx("gated.onnx"); }
            """);
        var error = Assert.Single(outcome.CompilationDiagnostics);
        Assert.Equal("CS0619", error.Id);
        string message = error.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("Network 'Gated' cannot be exported to ONNX: residual1_module0 (Module<Gate>(outputs: 8), layer 0 after Input of its Residual) has no ONNX export.", message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Plain", message, System.StringComparison.Ordinal);
    }
}
