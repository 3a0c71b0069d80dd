using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DslCrossReg.Fitting.Observers;

/// <summary>
/// Draws every term's curve over the steps (and the total), smoothed over <see cref="Window"/> steps, to a PNG with
/// ScottPlot at each epoch's end and when the run ends; with <see cref="ValidationPath"/>, validation metrics too.
/// </summary>
public sealed class LossCurves : IFitObserver
{
    private readonly Dictionary<string, List<(long Step, double Value)>> terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long Step, double Value)>> metrics = new(StringComparer.Ordinal);

    /// <summary>Draws to <paramref name="path"/> (and validation metrics to <paramref name="validationPath"/> when given).</summary>
    public LossCurves(string path, string? validationPath = null, int window = 10, string title = "training")
    {
        ArgumentErrors.NotNullOrEmpty(path);
        if (window < 1) throw ArgumentErrors.OutOfRange(nameof(window), window, "The smoothing window is at least one step.");
        Path = path;
        ValidationPath = validationPath;
        Window = window;
        Title = title;
    }

    /// <summary>The loss curves' PNG.</summary>
    public string Path { get; }

    /// <summary>The validation metrics' PNG, if any.</summary>
    public string? ValidationPath { get; }

    /// <summary>The moving-average window, in steps.</summary>
    public int Window { get; }

    /// <summary>The plots' title.</summary>
    public string Title { get; }

    /// <summary>Pixel width of the images.</summary>
    public int Width { get; init; } = 900;

    /// <summary>Pixel height of the images.</summary>
    public int Height { get; init; } = 500;

    /// <inheritdoc/>
    public void OnStep(FitStep step)
    {
        Add(terms, "total", step.Step, step.Result.Total);
        foreach (var (name, value) in step.Result.Terms) Add(terms, name, step.Step, value);
    }

    /// <inheritdoc/>
    public void OnValidation(FitValidation validation)
    {
        foreach (var (name, value) in validation.Metrics) Add(metrics, name, validation.Step, value);
    }

    /// <inheritdoc/>
    public void OnEpochEnd(int epoch) => Draw();

    /// <inheritdoc/>
    public void OnEnd(FitHistory history) => Draw();

    private static void Add(Dictionary<string, List<(long, double)>> series, string name, long step, double value)
    {
        if (!series.TryGetValue(name, out var list)) series[name] = list = new List<(long, double)>();
        list.Add((step, value));
    }

    private void Draw()
    {
        if (terms.Count > 0) Save(Path, terms, Window, "step", "loss term (weighted)");
        if (ValidationPath is not null && metrics.Count > 0) Save(ValidationPath, metrics, 1, "step", "validation metric");
    }

    private void Save(string path, Dictionary<string, List<(long Step, double Value)>> series, int window, string x, string y)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, points) in series)
        {
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), Smooth(points.Select(p => p.Value).ToArray(), window));
            line.LegendText = name;
        }
        plot.Title(Title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.ShowLegend();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The trailing moving average over <paramref name="window"/> values (fewer at the start).</summary>
    public static double[] Smooth(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
