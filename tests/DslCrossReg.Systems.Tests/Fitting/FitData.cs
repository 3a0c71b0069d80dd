using System;
using System.Collections.Generic;
using System.IO;
using DslCrossReg.Fitting;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests.Fitting;

/// <summary>A small two-view data set in memory for <see cref="ResumablePair"/> (dropout, Adam, SGD with momentum, warm-up).</summary>
internal sealed class FitData : IDisposable
{
    public const int Count = 50;
    public const int BatchSize = 8;

    public FitData(long seed = 1)
    {
        A = SyntheticBatches.Features(seed, Count, 6);
        B = SyntheticBatches.Features(seed + 1, Count, 6);
        Labels = SyntheticBatches.Labels(seed + 2, Count, 3);
    }

    public Tensor A { get; }

    public Tensor B { get; }

    public Tensor Labels { get; }

    public ResumablePair.Batch Select(Tensor indices)
    {
        var y = Labels.index_select(0, indices);
        return new ResumablePair.Batch(A.index_select(0, indices), B.index_select(0, indices), y, y);
    }

    public InMemoryBatches<ResumablePair.Batch> Source(long seed = 7, bool dropLast = false)
        => BatchSource.InMemory(Count, BatchSize, Select, shuffle: true, seed: seed, dropLast: dropLast);

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        Labels.Dispose();
    }

    /// <summary>A fresh temporary directory, deleted with the returned handle.</summary>
    public static TemporaryDirectory Directory() => new();

    public sealed class TemporaryDirectory : IDisposable
    {
        public TemporaryDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dcr-fit-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string this[string name] => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            if (System.IO.Directory.Exists(Path)) System.IO.Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Calls an action on each step: e.g. cancels the run after a given step.</summary>
internal sealed class OnStepObserver : IFitObserver
{
    private readonly Action<FitStep> action;

    public OnStepObserver(Action<FitStep> action) => this.action = action;

    public void OnStep(FitStep step) => action(step);
}

/// <summary>Terms of each step, for comparisons.</summary>
internal static class Terms
{
    public static List<IReadOnlyDictionary<string, double>> Of(FitHistory history)
    {
        var list = new List<IReadOnlyDictionary<string, double>>();
        foreach (var step in history.Steps) list.Add(step.Result.Terms);
        return list;
    }
}
