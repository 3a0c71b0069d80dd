using System.IO;
using DslCrossReg;
using TorchSharp;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DocSamples.Onnx;

#region generated
[Network]
public partial class DigitClassifier
{
    static Layer Architecture =>
        Input(1, 28, 28)
        >> Conv2d(8, kernel: 3) >> BatchNorm2d >> ReLU >> MaxPool2d(2)
        >> Flatten >> Linear(32).Tap("embedding") >> Linear(10);
}

// The generator gives every network ExportOnnx(path): e.g. a trained system's member, system.Student.ExportOnnx(...).
// var classifier = new DigitClassifier(); ... train it ...
// classifier.ExportOnnx("classifier.onnx");                 // input, output, embedding
#endregion

public static class Export
{
    public static (long Generated, long Interpreted, string Refused) Run(string directory)
    {
        using var scope = torch.NewDisposeScope();
        using var classifier = new DigitClassifier();
        classifier.ExportOnnx(Path.Combine(directory, "classifier.onnx"));

        #region interpreted
        Layer architecture = Input(8) >> Linear(16) >> GELU >> Linear(4).Tap("embedding") >> Linear(2);
        using var network = architecture.Build("Small");
        // ... train it ...
        network.ExportOnnx(Path.Combine(directory, "small.onnx"));    // input, output, embedding

        var refused = OnnxExport.Unsupported(Input(10, 4) >> Module(() => nn.Identity(), 10, 4) >> LSTM(8) >> Linear(2));
        // [module0 (Module<Identity>(outputs: 10, 4), layer 0 after Input)]: ExportOnnx would throw
        #endregion

        return (new FileInfo(Path.Combine(directory, "classifier.onnx")).Length, new FileInfo(Path.Combine(directory, "small.onnx")).Length,
            string.Join("; ", refused));
    }
}
