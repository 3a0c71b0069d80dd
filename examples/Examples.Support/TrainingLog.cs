using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchSharp;

namespace DslCrossReg.Examples;

/// <summary>
/// Every term of every step of one run, kept as numbers and mirrored to a TensorBoard event file
/// (<c>{out}/tensorboard/{run}</c>); <see cref="SavePlot"/> draws the curves as a PNG.
/// </summary>
public sealed class TrainingLog
{
    private readonly TorchSharp.Modules.SummaryWriter? writer;
    private readonly Dictionary<string, List<(int Step, double Value)>> series = new();

    /// <summary>Starts the log of run <paramref name="run"/>; with <paramref name="outputDirectory"/> null nothing is written.</summary>
    public TrainingLog(string run, string? outputDirectory)
    {
        Run = run;
        if (outputDirectory is not null)
        {
            string directory = Path.Combine(outputDirectory, "tensorboard", run);
            Directory.CreateDirectory(directory);
            writer = torch.utils.tensorboard.SummaryWriter(directory);
        }
    }

    /// <summary>The run's name.</summary>
    public string Run { get; }

    /// <summary>The series recorded so far, by term name.</summary>
    public IReadOnlyDictionary<string, List<(int Step, double Value)>> Series => series;

    /// <summary>Records every term of step <paramref name="step"/>.</summary>
    public void Record(int step, IReadOnlyDictionary<string, double> terms)
    {
        foreach (var (name, value) in terms)
        {
            if (!series.TryGetValue(name, out var list)) series[name] = list = new List<(int, double)>();
            list.Add((step, value));
            writer?.add_scalar(Run + "/" + name, (float)value, step);
        }
    }

    /// <summary>The mean of a term over the last <paramref name="steps"/> steps (its "final value").</summary>
    public double Final(string term, int steps = 20)
    {
        if (!series.TryGetValue(term, out var list) || list.Count == 0) return double.NaN;
        return list.Skip(Math.Max(0, list.Count - steps)).Average(p => p.Value);
    }

    /// <summary>Every term's final value (<see cref="Final"/>), by term name.</summary>
    public IReadOnlyDictionary<string, double> Finals(int steps = 20)
        => series.Keys.ToDictionary(term => term, term => Final(term, steps));

    /// <summary>Draws every term's curve (smoothed over <paramref name="window"/> steps) to <paramref name="path"/>.</summary>
    public void SavePlot(string path, int window = 10)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, points) in series)
        {
            var smoothed = DslCrossReg.Fitting.Observers.LossCurves.Smooth(points.Select(p => p.Value).ToArray(), window);
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), smoothed);
            line.LegendText = name;
        }
        plot.Title(Run);
        plot.XLabel("step");
        plot.YLabel("loss term (weighted)");
        plot.ShowLegend();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 500);
    }

    /// <summary>Writes every series as CSV: run, term, step, value.</summary>
    public void AppendCsv(TextWriter csv)
    {
        foreach (var (name, points) in series)
            foreach (var (step, value) in points)
                csv.WriteLine(string.Join(",", Run, "\"" + name + "\"", step.ToString(CultureInfo.InvariantCulture), value.ToString("R", CultureInfo.InvariantCulture)));
    }
}
