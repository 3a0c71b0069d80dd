using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DslCrossReg.Examples.Tests;
using DslCrossReg.Fitting;
using DslCrossReg.Fitting.Observers;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Systems.Tests.Fitting;

/// <summary>Each observer's output, read back.</summary>
public sealed class ObserverTests
{
    private const string Term = "EmbeddingDistance(A,B)";

    private static FitHistory Run(FitData data, params IFitObserver[] observers)
    {
        using var system = new ResumablePair(seed: 5);
        using var source = data.Source();
        var options = FitOptions.For(system);
        options.Epochs = 2;
        options.Validation = BatchSource.InMemory(FitData.Count, 20, data.Select, shuffle: false);
        // Accuracy of A: correct predictions over samples, pooled over the three validation batches (20, 20, 10).
        options.Metrics["A.accuracy"] = (outputs, batch) =>
            (outputs.A.Result.argmax(1).eq(batch.ATarget!).sum().ToInt64(), batch.A.shape[0]);
        options.LearningRates["B"] = Schedule.StepDecay(5, 0.5);
        foreach (var observer in observers) options.Observers.Add(observer);
        return system.Fit(source, options);
    }

    [Fact]
    public void The_csv_log_has_a_row_per_term_rate_scale_and_metric_with_exact_values()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        var history = Run(data, new CsvLog(directory["log/run.csv"]));
        var lines = File.ReadAllLines(directory["log/run.csv"]);
        Assert.Equal("kind,step,epoch,name,value", lines[0]);
        var rows = lines.Skip(1).Select(l => CsvFields.Split(l).ToArray()).ToList();
        // Per step: total, A.task, B.task, the term; two rates; one scale. Per validation: one metric.
        Assert.Equal((history.Steps.Count * 7) + history.Validations.Count, rows.Count);
        foreach (var step in history.Steps)
        {
            string at = step.Step.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(step.Result.Total, Value(rows, "train", at, "total"));
            Assert.Equal(step.Result.Terms[Term], Value(rows, "train", at, Term));
            Assert.Equal(step.Result.Terms["A.task"], Value(rows, "train", at, "A.task"));
            Assert.Equal(step.LearningRates["B"], Value(rows, "lr", at, "B"));
            Assert.Equal(1.0, Value(rows, "weight_scale", at, Term));
        }
        Assert.Equal(0.05 * 0.25, Value(rows, "lr", "12", "B"));
        Assert.Equal(history.Validations.Select(v => v.Metrics["A.accuracy"]), rows.Where(r => r[0] == "validation").Select(r => double.Parse(r[4], CultureInfo.InvariantCulture)));
        Assert.Equal(new[] { "7", "14" }, rows.Where(r => r[0] == "validation").Select(r => r[1]));
        // A pooled accuracy: a whole number of correct predictions out of 50.
        Assert.All(history.Validations, v => Assert.Equal(Math.Round(v.Metrics["A.accuracy"] * 50), v.Metrics["A.accuracy"] * 50, 9));
        Assert.Equal("\"EmbeddingDistance(A,B)\"", CsvLog.Quote(Term));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvLog.Quote("say \"hi\""));
    }

    private static double Value(List<string[]> rows, string kind, string step, string name)
        => double.Parse(rows.Single(r => r[0] == kind && r[1] == step && r[3] == name)[4], CultureInfo.InvariantCulture);

    [Fact]
    public void The_tensorboard_log_holds_every_term_rate_and_metric_as_scalar_summaries()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        var history = Run(data, new TensorBoardLog(directory["tb"]));
        var file = Assert.Single(Directory.GetFiles(directory["tb"], "events.out.tfevents.*"));
        var scalars = TensorBoardRecords.Read(file).SelectMany(Scalars).ToList();
        foreach (var step in history.Steps)
        {
            Assert.Contains(("train/total", step.Step, (float)step.Result.Total), scalars);
            foreach (var (name, value) in step.Result.Terms) Assert.Contains(("train/" + name, step.Step, (float)value), scalars);
            Assert.Contains(("lr/B", step.Step, (float)step.LearningRates["B"]), scalars);
            Assert.Contains(("lr/A", step.Step, (float)step.LearningRates["A"]), scalars);
            Assert.Contains(("weight_scale/" + Term, step.Step, 1f), scalars);
        }
        foreach (var validation in history.Validations)
            Assert.Contains(("validation/A.accuracy", validation.Step, (float)validation.Metrics["A.accuracy"]), scalars);
        Assert.Equal((history.Steps.Count * 7) + history.Validations.Count, scalars.Count);
    }

    /// <summary>
    /// The scalar summaries of one Event record. Event: wall_time = 1 (double), step = 2 (varint), summary = 5
    /// (message). Summary: value = 1 (repeated message). Value: tag = 1 (string), simple_value = 2 (float).
    /// </summary>
    private static IEnumerable<(string Tag, long Step, float Value)> Scalars(byte[] record)
    {
        long step = 0;
        var summaries = new List<byte[]>();
        foreach (var (field, wire, value, bytes) in Fields(record))
        {
            if (field == 2 && wire == 0) step = (long)value;
            if (field == 5 && wire == 2) summaries.Add(bytes!);
        }
        foreach (var summary in summaries)
            foreach (var (field, wire, _, bytes) in Fields(summary))
            {
                if (field != 1 || wire != 2) continue;
                string? tag = null;
                float? simple = null;
                foreach (var (f, w, v, b) in Fields(bytes!))
                {
                    if (f == 1 && w == 2) tag = System.Text.Encoding.UTF8.GetString(b!);
                    if (f == 2 && w == 5) simple = BitConverter.Int32BitsToSingle((int)v);
                }
                if (tag is not null && simple is not null) yield return (tag, step, simple.Value);
            }
    }

    /// <summary>Protocol-buffer fields: (number, wire type, varint or fixed value, length-delimited bytes).</summary>
    private static IEnumerable<(int Field, int Wire, ulong Value, byte[]? Bytes)> Fields(byte[] message)
    {
        int i = 0;
        ulong Varint()
        {
            ulong result = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = message[i++];
                result |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0) return result;
            }
        }
        var fields = new List<(int, int, ulong, byte[]?)>();
        while (i < message.Length)
        {
            ulong key = Varint();
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add((field, wire, Varint(), null)); break;
                case 1: fields.Add((field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(i)), null)); i += 8; break;
                case 5: fields.Add((field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(i)), null)); i += 4; break;
                case 2:
                    int length = (int)Varint();
                    fields.Add((field, wire, 0, message.AsSpan(i, length).ToArray()));
                    i += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
        return fields;
    }

    [Fact]
    public void The_loss_curves_are_a_png_of_the_requested_size()
    {
        using var data = new FitData();
        using var directory = FitData.Directory();
        Run(data, new LossCurves(directory["curves/loss.png"], directory["curves/validation.png"]) { Width = 640, Height = 360 });
        foreach (string png in new[] { directory["curves/loss.png"], directory["curves/validation.png"] })
        {
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a }, bytes.Take(8));
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(360, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            using var image = SkiaSharp.SKBitmap.Decode(png);
            Assert.NotNull(image);
            Assert.Equal((640, 360), (image.Width, image.Height));
        }
        Assert.Equal(new[] { 1.0, 1.5, 2.5, 3.5 }, LossCurves.Smooth(new[] { 1.0, 2.0, 3.0, 4.0 }, 2));
    }

    [Fact]
    public void The_progress_display_writes_plain_lines_when_not_interactive()
    {
        using var data = new FitData();
        using var output = new StringWriter();
        var history = Run(data, new ProgressDisplay("pair", interactive: false, output: output));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("pair: started, 14 steps in all", lines[0]);
        // Quarters of 14 steps: at steps 1 (0 %), 4 (25 %), 7 (50 %), 11 (75 %) and 14 (100 %).
        var progress = lines.Where(l => l.StartsWith("  pair: ", StringComparison.Ordinal) && !l.Contains("validation")).ToList();
        Assert.Equal(new[] { "1/14", "4/14", "7/14", "11/14", "14/14" }, progress.Select(l => l.Split(' ')[3]));
        Assert.Equal(2, lines.Count(l => l.Contains("validation after")));
        Assert.Equal("pair: completed after 14 steps", lines[^1]);
        Assert.Equal(14, history.StepCount);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_live_progress_display_starts_and_ends_with_the_run()
    {
        using var data = new FitData();
        // Spectre.Console draws on the (here redirected) console from a thread of its own; the run must neither hang
        // waiting for it nor leave it running.
        var run = System.Threading.Tasks.Task.Run(() => Run(data, new ProgressDisplay("live", interactive: true)));
        var first = await System.Threading.Tasks.Task.WhenAny(run, System.Threading.Tasks.Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(first == run, "Fit with a live progress display did not finish.");
        Assert.Equal(FitStopReason.Completed, (await run).StopReason);
    }
}
