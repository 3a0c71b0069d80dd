using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using DslCrossReg.Shapes;

namespace DslCrossReg.Generators.Parse;

/// <summary>Turns the DSL calls read from syntax into the <see cref="LayerSpec"/>s the shared shape rules check.</summary>
internal static class LayerSpecReader
{
    /// <summary>The spec of <paramref name="call"/>, or null (with a diagnostic) when it is not a DSL layer.</summary>
    public static LayerSpec? Read(DslCall call, List<DiagnosticInfo> diagnostics)
    {
        var spec = ReadUndecorated(call, diagnostics);
        if (spec is not null && call.LayerName is not null) spec = spec.WithName(call.LayerName);
        return spec is not null && call.Tap is not null ? spec.WithTap(call.Tap) : spec;
    }

    private static LayerSpec? ReadUndecorated(DslCall call, List<DiagnosticInfo> diagnostics)
    {
        int Int(string name) => (int)(Argument(call, name)?.Integer ?? 0);
        double Real(string name, double fallback) => Argument(call, name)?.Real ?? fallback;

        switch (call.Name)
        {
            case "Input":
                return LayerSpec.Input(Ints(call, "shape"));
            case "TokenInput":
                return LayerSpec.TokenInput(Ints(call, "shape"));
            case "Linear":
                return Argument(call, "inFeatures") is null
                    ? LayerSpec.Linear(Int("outFeatures"))
                    : LayerSpec.Linear(Int("inFeatures"), Int("outFeatures"));
            case "Conv1d":
                return LayerSpec.Convolution(LayerKind.Conv1d, Int("outChannels"), Int("kernel"), Int("stride"), Int("padding"));
            case "Conv2d":
                return LayerSpec.Convolution(LayerKind.Conv2d, Int("outChannels"), Int("kernel"), Int("stride"), Int("padding"));
            case "MaxPool2d":
                return LayerSpec.Pool(LayerKind.MaxPool2d, Int("kernel"), Int("stride"));
            case "AvgPool2d":
                return LayerSpec.Pool(LayerKind.AvgPool2d, Int("kernel"), Int("stride"));
            case "Flatten": return LayerSpec.Simple(LayerKind.Flatten);
            case "ReLU": return LayerSpec.Simple(LayerKind.ReLU);
            case "GELU": return LayerSpec.Simple(LayerKind.GELU);
            case "Tanh": return LayerSpec.Simple(LayerKind.Tanh);
            case "Sigmoid": return LayerSpec.Simple(LayerKind.Sigmoid);
            case "BatchNorm1d": return LayerSpec.Simple(LayerKind.BatchNorm1d);
            case "BatchNorm2d": return LayerSpec.Simple(LayerKind.BatchNorm2d);
            case "LayerNorm": return LayerSpec.Simple(LayerKind.LayerNorm);
            case "LeakyReLU":
                return LayerSpec.WithReal(LayerKind.LeakyReLU, Real("slope", LayerSpec.DefaultLeakySlope));
            case "Dropout":
                return LayerSpec.WithReal(LayerKind.Dropout, Real("p", 0));
            case "RangeNormalize":
                return LayerSpec.WithReal(LayerKind.RangeNormalize, Real("epsilon", LayerSpec.DefaultEpsilon));
            case "Standardize":
                return LayerSpec.WithReal(LayerKind.Standardize, Real("epsilon", LayerSpec.DefaultEpsilon));
            case "Embedding":
                return LayerSpec.Embedding(Int("vocabulary"), Int("dim"));
            case "LSTM":
                return LayerSpec.Recurrent(LayerKind.LSTM, Int("hidden"));
            case "GRU":
                return LayerSpec.Recurrent(LayerKind.GRU, Int("hidden"));
            case "MultiheadAttention":
                return LayerSpec.MultiheadAttention(Int("heads"), Real("dropout", 0));
            case "TransformerEncoderLayer":
                return LayerSpec.TransformerEncoderLayer(Int("heads"), Int("feedforward"), Real("dropout", LayerSpec.DefaultEncoderDropout));
            case "Module":
                return LayerSpec.Module(Argument(call, "create")?.Text ?? "Module", Ints(call, "outputs"), factory: null);
            case "Residual":
            {
                var inner = new List<LayerSpec>();
                foreach (var innerCall in call.Inner)
                {
                    var spec = Read(innerCall, diagnostics);
                    if (spec is null) return null;
                    inner.Add(spec);
                }
                return LayerSpec.Residual(inner);
            }
            default:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownDslCall, call.Location, call.Name));
                return null;
        }
    }

    private static DslValue? Argument(DslCall call, string parameter)
        => call.Arguments.FirstOrDefault(a => a.Parameter == parameter)?.Value;

    private static int[] Ints(DslCall call, string parameter)
        => (Argument(call, parameter)?.Integers ?? EquatableArray<long>.Empty).Select(v => (int)v).ToArray();
}
