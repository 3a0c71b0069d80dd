using System;
using System.Linq;
using Consumer;
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
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine("package smoke test FAILED: " + message);
    return 1;
}
