using System;
using System.Globalization;
using System.IO;

namespace DslCrossReg.Examples;

/// <summary>What every example is asked to do: how long, with which seed, on which data, and where to write.</summary>
/// <param name="Epochs">Passes over the training split per run.</param>
/// <param name="Seed">Seeds parameters, the split and the data order.</param>
/// <param name="OutputDirectory">Where the table, plots, event files and diagrams go.</param>
/// <param name="Quick">A few seconds of training, for tests: one epoch over a small subset.</param>
/// <param name="DataDirectory">A directory of MNIST IDX files, or null for the embedded 10,000 digits.</param>
/// <param name="BatchSize">Samples per step.</param>
public sealed record ExampleOptions(
    int Epochs,
    long Seed,
    string OutputDirectory,
    bool Quick,
    string? DataDirectory = null,
    int BatchSize = 64)
{
    /// <summary>The default output directory: <c>runs/&lt;example&gt;-&lt;timestamp&gt;</c>, or <c>runs/&lt;timestamp&gt;</c> for the main job.</summary>
    public static string DefaultOutputDirectory(string? example)
    {
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return Path.Combine("runs", example is null ? stamp : example + "-" + stamp);
    }
}
