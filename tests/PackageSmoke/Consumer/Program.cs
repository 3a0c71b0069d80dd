using System;
using System.IO;
using System.Linq;
using Consumer;
using DslCrossReg.Fitting;
using DslCrossReg.Fitting.Observers;
using TorchSharp;
using static TorchSharp.torch;

// Everything below exists only if the package's generator ran: TwoViews' constructor, Batch and Step, and the
// networks' EmbeddingSize constants. The loop checks what a user would: 20 steps, finite losses, learning.
const int Steps = 20;

using var generator = new Generator(7);
using var x = torch.randn(64, 8, generator: generator);
using var noise = torch.randn(64, 8, generator: generator) * 0.1;
using var other = x + noise;
using var labels = (x[.., 0] + x[.., 1] > 0).to(ScalarType.Int64);
var batch = new TwoViews.Batch(x, other, labels, labels);

using var system = new TwoViews(seed: 11);
double first = double.NaN, last = double.NaN;
for (int step = 1; step <= Steps; step++)
{
    var result = system.Step(batch);
    Console.WriteLine(result);
    if (!double.IsFinite(result.Total) || result.Terms.Values.Any(v => !double.IsFinite(v)))
        return Fail($"step {step}: a loss is not finite: {result}");
    if (result.Step != step)
        return Fail($"step {step}: the system reports step {result.Step}");
    if (step == 1) first = result.Total;
    last = result.Total;
}

using (var scope = torch.NewDisposeScope())
{
    var outputs = system.Evaluate(batch);
    long[] expected = { 64, Left.EmbeddingSize };
    if (!outputs.Left.Embedding.shape.SequenceEqual(expected) || !outputs.Right.Embedding.shape.SequenceEqual(expected))
        return Fail($"embedding shapes [{string.Join(", ", outputs.Left.Embedding.shape)}] and [{string.Join(", ", outputs.Right.Embedding.shape)}], expected [64, 4]");
}
if (system.StepCount != Steps) return Fail($"StepCount is {system.StepCount}, expected {Steps}");
if (!(last < first)) return Fail($"the total loss did not fall in {Steps} steps: {first} -> {last}");
Console.WriteLine($"package smoke test: {Steps} steps, total loss {first:F4} -> {last:F4}");

// A user's module and attention layers from the package: 20 steps of a text encoder whose label is whether the
// first token is below 6; the user's position vectors learn, and a checkpoint loads into a fresh system exactly.
using (var scope = torch.NewDisposeScope())
{
    var tokens = torch.randint(0, 12, new long[] { 32, 6 }, ScalarType.Int64, generator: generator);
    var textLabels = tokens[.., 0].lt(6).to(ScalarType.Int64);
    var textBatch = new TextAlone.Batch(tokens, textLabels);
    using var text = new TextAlone(seed: 5);
    var positions = text.Text.named_parameters().Single(p => p.name == "module1.positions").parameter.detach().clone();
    double firstText = double.NaN, lastText = double.NaN;
    for (int step = 1; step <= Steps; step++)
    {
        var result = text.Step(textBatch);
        if (!result.Applied || !double.IsFinite(result.Total)) return Fail($"text step {step} was not applied: {result}");
        if (step == 1) firstText = result.Total;
        lastText = result.Total;
    }
    if (!(lastText < firstText)) return Fail($"the text encoder's loss did not fall in {Steps} steps: {firstText} -> {lastText}");
    if (text.Text.named_parameters().Single(p => p.name == "module1.positions").parameter.eq(positions).all().item<bool>())
        return Fail("the user module's parameters did not change");
    string checkpoint = Path.Combine(Path.GetTempPath(), "dcr-smoke-text-" + Guid.NewGuid().ToString("N") + ".dcrckpt");
    try
    {
        text.Save(checkpoint);
        using var loaded = new TextAlone(seed: 6);
        loaded.Load(checkpoint);
        if (!loaded.Evaluate(textBatch).Text.Result.eq(text.Evaluate(textBatch).Text.Result).all().item<bool>())
            return Fail("the loaded text encoder computes other outputs");
    }
    finally
    {
        File.Delete(checkpoint);
    }
    Console.WriteLine($"package smoke test: user module and attention, {Steps} steps, loss {firstText:F4} -> {lastText:F4}, checkpoint reloaded");
}

// The package's Fit loop and its observers (ScottPlot's PNG needs SkiaSharp's native library from the package's
// dependencies): two epochs of 8 batches, a CSV row per term, a loss-curve PNG, a TensorBoard event file.
string fitDirectory = Path.Combine(Path.GetTempPath(), "dcr-smoke-fit-" + Guid.NewGuid().ToString("N"));
try
{
    using var fitted = new TwoViews(seed: 11);
    using var source = BatchSource.InMemory(64, 8, i => new TwoViews.Batch(x.index_select(0, i), other.index_select(0, i), labels.index_select(0, i), labels.index_select(0, i)), seed: 3);
    var options = FitOptions.For(fitted);
    options.Epochs = 2;
    options.LearningRates["Left"] = Schedule.Cosine(16);
    options.Observers.Add(new CsvLog(Path.Combine(fitDirectory, "log.csv")));
    options.Observers.Add(new LossCurves(Path.Combine(fitDirectory, "loss.png")));
    options.Observers.Add(new TensorBoardLog(Path.Combine(fitDirectory, "tb")));
    options.Observers.Add(new ProgressDisplay("smoke fit"));
    var history = fitted.Fit(source, options);
    if (history.StopReason != FitStopReason.Completed || history.Steps.Count != 16)
        return Fail($"Fit ended {history.StopReason} after {history.Steps.Count} steps, expected 16 completed");
    int rows = File.ReadAllLines(Path.Combine(fitDirectory, "log.csv")).Length - 1;
    if (rows != 16 * 7) return Fail($"the CSV log has {rows} rows, expected {16 * 7}");
    var png = File.ReadAllBytes(Path.Combine(fitDirectory, "loss.png"));
    if (png.Length < 8 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') return Fail("loss.png is not a PNG");
    if (Directory.GetFiles(Path.Combine(fitDirectory, "tb"), "events.out.tfevents.*").Length != 1) return Fail("no TensorBoard event file");
    Console.WriteLine($"package smoke test: Fit ran {history.Steps.Count} steps, {rows} CSV rows, a {png.Length}-byte PNG");
}
finally
{
    if (Directory.Exists(fitDirectory)) Directory.Delete(fitDirectory, recursive: true);
}
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine("package smoke test FAILED: " + message);
    return 1;
}
