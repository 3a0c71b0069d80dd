using System;
using System.Globalization;
using System.IO;

namespace DslCrossReg.Examples;

/// <summary>What every example is asked to do: how long, with which seed, on which data, and where to write.</summary>
/// <param name="Epochs">Passes over the training split per run; 0: each run's own budget (see <see cref="EpochsOr"/>).</param>
/// <param name="Seed">Seeds parameters, the split and the data order.</param>
/// <param name="OutputDirectory">Where the table, plots, event files and diagrams go.</param>
/// <param name="Quick">A few seconds of training, for tests: one epoch over a small subset.</param>
/// <param name="DataDirectory">A directory of MNIST IDX files, or null for the embedded 10,000 digits.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Threads">TorchSharp's intra-op threads. One by default: these networks are too small to split, and on
/// a shared machine (a CI runner, tests running side by side) more threads than free cores made steps 5–30× slower.</param>
public sealed record ExampleOptions(
    int Epochs,
    long Seed,
    string OutputDirectory,
    bool Quick,
    string? DataDirectory = null,
    int BatchSize = 64,
    int Threads = 1)
{
    /// <summary>A run's epochs: 1 in quick mode, else <see cref="Epochs"/> when set, else the run's own <paramref name="budget"/>.</summary>
    public int EpochsOr(int budget) => Quick ? 1 : Epochs > 0 ? Epochs : budget;

    /// <summary>The default output directory: <c>runs/&lt;example&gt;-&lt;timestamp&gt;</c>, or <c>runs/&lt;timestamp&gt;</c> for the main job.</summary>
    public static string DefaultOutputDirectory(string? example)
    {
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return Path.Combine("runs", example is null ? stamp : example + "-" + stamp);
    }
}
