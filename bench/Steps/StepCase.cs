using System;
using System.Globalization;
using System.Linq;
using DslCrossReg.Bench.Systems;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Bench.Steps;

/// <summary>The cross methods the step benchmark compares.</summary>
public enum StepMethod
{
    /// <summary>One backward pass.</summary>
    EmbeddingDistance,

    /// <summary>Two backward passes (discriminator, then members).</summary>
    Adversarial,

    /// <summary>Teacher on its task, student on its task plus L2 to the teacher's embedding.</summary>
    Distillation,
}

/// <summary>
/// One generated system and its hand-written twin, built from the same seed, with one fixed batch. Verify proves they
/// do the same work before anything is timed.
/// </summary>
public sealed class StepCase : IDisposable
{
    private readonly IDisposable system;
    private readonly Func<StepResult> generatedStep;
    private readonly nn.Module[] generatedMembers;
    private readonly HandWrittenStep hand;
    private readonly Tensor x0, x1, y0, y1;

    private StepCase(IDisposable system, Func<StepResult> generatedStep, nn.Module[] generatedMembers, HandWrittenStep hand, Tensor x0, Tensor x1, Tensor y0, Tensor y1)
    {
        this.system = system;
        this.generatedStep = generatedStep;
        this.generatedMembers = generatedMembers;
        this.hand = hand;
        this.x0 = x0;
        this.x1 = x1;
        this.y0 = y0;
        this.y1 = y1;
    }

    /// <summary>Builds the pair for <paramref name="method"/> and <paramref name="size"/> at <paramref name="batch"/> samples.</summary>
    public static StepCase Create(StepMethod method, NetSize size, int batch, long seed = 42)
    {
        int width = BenchData.InputWidth(size), classes = BenchData.Classes(size);
        var x0 = BenchData.Features(1, batch, width);
        var x1 = BenchData.Features(2, batch, width);
        var y0 = BenchData.Labels(3, batch, classes);
        var y1 = BenchData.Labels(4, batch, classes);
        switch (method, size)
        {
            case (StepMethod.EmbeddingDistance, NetSize.Mlp):
            {
                var s = new MlpEmbeddingPair(seed);
                var b = new MlpEmbeddingPair.Batch(x0, x1, y0, y1);
                return new StepCase(s, () => s.Step(b), new nn.Module[] { s.A, s.B }, new HandWrittenEmbeddingStep(size, seed), x0, x1, y0, y1);
            }
            case (StepMethod.EmbeddingDistance, NetSize.Tiny):
            {
                var s = new TinyEmbeddingPair(seed);
                var b = new TinyEmbeddingPair.Batch(x0, x1, y0, y1);
                return new StepCase(s, () => s.Step(b), new nn.Module[] { s.A, s.B }, new HandWrittenEmbeddingStep(size, seed), x0, x1, y0, y1);
            }
            case (StepMethod.Adversarial, NetSize.Mlp):
            {
                var s = new MlpAdversarialPair(seed);
                var b = new MlpAdversarialPair.Batch(x0, x1, y0, y1);
                return new StepCase(s, () => s.Step(b), new nn.Module[] { s.A, s.B }, new HandWrittenAdversarialStep(size, seed), x0, x1, y0, y1);
            }
            case (StepMethod.Adversarial, NetSize.Tiny):
            {
                var s = new TinyAdversarialPair(seed);
                var b = new TinyAdversarialPair.Batch(x0, x1, y0, y1);
                return new StepCase(s, () => s.Step(b), new nn.Module[] { s.A, s.B }, new HandWrittenAdversarialStep(size, seed), x0, x1, y0, y1);
            }
            case (StepMethod.Distillation, NetSize.Mlp):
            {
                var s = new MlpDistilledPair(seed);
                var b = new MlpDistilledPair.Batch(x0, x1, y0, y1);
                return new StepCase(s, () => s.Step(b), new nn.Module[] { s.Teacher, s.Student }, new HandWrittenDistillationStep(size, seed), x0, x1, y0, y1);
            }
            case (StepMethod.Distillation, NetSize.Tiny):
            {
                var s = new TinyDistilledPair(seed);
                var b = new TinyDistilledPair.Batch(x0, x1, y0, y1);
                return new StepCase(s, () => s.Step(b), new nn.Module[] { s.Teacher, s.Student }, new HandWrittenDistillationStep(size, seed), x0, x1, y0, y1);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
    }

    /// <summary>One generated Step; throws if the step was not applied (a skipped step would be cheaper work).</summary>
    public double Generated()
    {
        var result = generatedStep();
        if (!result.Applied) throw new InvalidOperationException("The generated step was not applied: " + result.NonFiniteTerm);
        return result.Total;
    }

    /// <summary>One hand-written step.</summary>
    public double HandWritten() => hand.Step(x0, x1, y0, y1);

    /// <summary>
    /// Runs <paramref name="steps"/> steps of each side and throws unless every loss and, at the end, every member
    /// parameter agrees bit for bit: a benchmark comparing different work is worthless.
    /// </summary>
    public void Verify(int steps = 3)
    {
        for (int i = 0; i < steps; i++)
        {
            float g = (float)Generated(), h = (float)HandWritten();
            if (BitConverter.SingleToInt32Bits(g) != BitConverter.SingleToInt32Bits(h))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Step {i}: generated loss {g:R} != hand-written {h:R}."));
        }
        var handMembers = hand.Members;
        for (int m = 0; m < generatedMembers.Length; m++)
        {
            var gp = generatedMembers[m].parameters().ToList();
            var hp = handMembers[m].parameters().ToList();
            if (gp.Count != hp.Count) throw new InvalidOperationException($"Member {m}: {gp.Count} vs {hp.Count} parameters.");
            for (int p = 0; p < gp.Count; p++)
                if (!Same(gp[p], hp[p]))
                    throw new InvalidOperationException($"Member {m}, parameter {p}: generated and hand-written differ after {steps} steps.");
        }
    }

    /// <summary>Same shape and the same float32 bit patterns.</summary>
    internal static bool Same(Tensor a, Tensor b)
        => a.shape.SequenceEqual(b.shape) && a.data<float>().ToArray().SequenceEqual(b.data<float>().ToArray());

    /// <inheritdoc />
    public void Dispose()
    {
        system.Dispose();
        hand.Dispose();
        x0.Dispose();
        x1.Dispose();
        y0.Dispose();
        y1.Dispose();
    }
}
