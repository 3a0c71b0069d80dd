using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>A metric over seeds: its mean, smallest and largest value.</summary>
public sealed record Spread(double Mean, double Min, double Max)
{
    /// <summary>The spread of <paramref name="values"/> (at least one).</summary>
    public static Spread Of(IReadOnlyCollection<double> values) => new(values.Average(), values.Min(), values.Max());
}

/// <summary>One row over every seed it ran with.</summary>
/// <param name="Row">Its name.</param>
/// <param name="Method">The cross method it shows ("none" for a baseline).</param>
/// <param name="Epochs">Its training budget.</param>
/// <param name="Seeds">The seeds it ran with.</param>
/// <param name="Metrics">Each metric's spread over the seeds, in the order the row reports them.</param>
/// <param name="MeanTime">Its mean wall time per seed.</param>
public sealed record RowSummary(string Row, string Method, int Epochs, IReadOnlyList<long> Seeds, IReadOnlyList<KeyValuePair<string, Spread>> Metrics, TimeSpan MeanTime)
{
    /// <summary>The spread of metric <paramref name="name"/>.</summary>
    public Spread this[string name] => Metrics.First(m => m.Key == name).Value;
}

/// <summary>The main job's results: rows summarised over seeds, as a table and as <c>results.json</c>.</summary>
public static class ResultsReport
{
    /// <summary>Groups <paramref name="measurements"/> by row, in the order rows first appear.</summary>
    public static IReadOnlyList<RowSummary> Summarise(IEnumerable<Measurement> measurements)
        => measurements
            .GroupBy(m => m.Row)
            .Select(g =>
            {
                var runs = g.ToList();
                var metrics = runs[0].Metrics.Keys
                    .Select(name => new KeyValuePair<string, Spread>(name, Spread.Of(runs.Select(r => r.Metrics[name]).ToList())))
                    .ToList();
                return new RowSummary(g.Key, runs[0].Method, runs[0].Epochs, runs.Select(r => r.Seed).ToList(), metrics,
                    TimeSpan.FromTicks((long)runs.Average(r => r.WallTime.Ticks)));
            })
            .ToList();

    /// <summary>The table: one row per row, every metric as "mean (min–max)" over the seeds.</summary>
    public static ResultsTable Table(IReadOnlyList<RowSummary> rows)
    {
        int seeds = rows.Count == 0 ? 0 : rows.Max(r => r.Seeds.Count);
        var table = new ResultsTable("Row", "Method", $"Test results: mean (min–max) over {seeds} seed{(seeds == 1 ? string.Empty : "s")}", "Epochs", "Time per seed");
        foreach (var row in rows)
            table.Add(row.Row, row.Method, string.Join(", ", row.Metrics.Select(m => Label(m.Key) + " " + Cell(m.Key, m.Value))), row.Epochs.ToString(CultureInfo.InvariantCulture), ResultsTable.Seconds(row.MeanTime));
        return table;
    }

    /// <summary>
    /// Writes <c>results.json</c>: the run's settings and, per row, <c>row</c>, <c>method</c>, <c>epochs</c>,
    /// <c>seeds</c> (how many), <c>seed_values</c> and <c>metrics</c>, each metric as <c>{ "mean", "min", "max" }</c>.
    /// </summary>
    public static void WriteJson(string path, ExampleOptions options, IReadOnlyList<long> seeds, IReadOnlyList<RowSummary> rows, TimeSpan elapsed)
    {
        var json = new JsonObject
        {
            ["title"] = "Two-view MNIST: cross methods compared",
            ["seeds"] = new JsonArray(seeds.Select(s => (JsonNode)s).ToArray()),
            ["quick"] = options.Quick,
            ["batch_size"] = options.BatchSize,
            ["threads"] = options.Threads,
            ["total_seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["rows"] = new JsonArray(rows.Select(row => (JsonNode)new JsonObject
            {
                ["row"] = row.Row,
                ["method"] = row.Method,
                ["epochs"] = row.Epochs,
                ["seeds"] = row.Seeds.Count,
                ["seed_values"] = new JsonArray(row.Seeds.Select(s => (JsonNode)s).ToArray()),
                ["metrics"] = new JsonObject(row.Metrics.Select(m => new KeyValuePair<string, JsonNode?>(m.Key, new JsonObject
                {
                    ["mean"] = m.Value.Mean,
                    ["min"] = m.Value.Min,
                    ["max"] = m.Value.Max,
                }))),
            }).ToArray()),
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>How a metric is named in the table.</summary>
    private static string Label(string metric) => metric switch
    {
        "accuracy_left" => "Left",
        "accuracy_right" => "Right",
        "accuracy_a" => "A",
        "accuracy_b" => "B",
        "ensemble_accuracy" => "ensemble",
        "r_at_1" => "R@1",
        "gap_closed" => "gap closed",
        _ => metric,
    };

    /// <summary>"88.3 % (88.0–88.6)", "123 (118–130)", or the mean alone for one seed.</summary>
    private static string Cell(string metric, Spread spread)
    {
        Func<double, string> format = metric == "errors"
            ? v => v.ToString("F0", CultureInfo.InvariantCulture)
            : v => (v * 100).ToString("F1", CultureInfo.InvariantCulture);
        string unit = metric == "errors" ? string.Empty : " %";
        string mean = metric == "errors" ? spread.Mean.ToString("F1", CultureInfo.InvariantCulture) : format(spread.Mean);
        return spread.Min == spread.Max ? format(spread.Mean) + unit : $"{mean}{unit} ({format(spread.Min)}–{format(spread.Max)})";
    }
}
