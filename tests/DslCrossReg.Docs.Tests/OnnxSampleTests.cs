using System;
using System.IO;
using DocSamples.Onnx;
using Xunit;

namespace DslCrossReg.Docs.Tests;

/// <summary>docs/onnx-export.md's samples run: both networks are written, the Module stage is listed as the page says.</summary>
public sealed class OnnxSampleTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-docs-onnx-" + Guid.NewGuid().ToString("N"));

    public OnnxSampleTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void The_page_s_networks_export_and_the_Module_stage_is_listed()
    {
        var (generated, interpreted, refused) = Export.Run(directory);
        // The classifier's parameters alone are 8·9 + 8 + 16 + 1352·32 + 32 + 330 floats, over 170 kB.
        Assert.True(generated > 170_000, $"classifier.onnx has {generated} bytes");
        Assert.True(interpreted > 0);
        Assert.Equal("module0 (Module<Identity>(outputs: 10, 4), layer 0 after Input)", refused);
    }
}
