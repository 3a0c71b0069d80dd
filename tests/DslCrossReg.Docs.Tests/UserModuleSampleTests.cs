using System;
using System.IO;
using System.Linq;
using DocSamples.UserModules;
using DslCrossReg.Checkpoints;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Docs.Tests;

/// <summary>docs/user-modules-and-attention.md's networks have the shapes it states, and its one-network tour does what it says.</summary>
public sealed class UserModuleSampleTests : IDisposable
{
    private readonly DisposeScope scope = torch.NewDisposeScope();
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-docs-modules-" + Guid.NewGuid().ToString("N"));

    public UserModuleSampleTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        scope.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void The_declared_networks_have_the_shapes_and_parameters_the_page_states()
    {
        Assert.Equal(new[] { 64 }, GatedClassifier.GatedShape);
        Assert.Equal(new[] { 16, 32 }, TextEncoder.AttendedShape);
        using var text = new TextEncoder();
        var output = text.call(torch.randint(0, 1000, new long[] { 3, 16 }, ScalarType.Int64));
        Assert.Equal(new long[] { 3, 2 }, output.Result.shape);
        Assert.Equal(new long[] { 3, 32 }, output.Embedding.shape);
        Assert.Contains(text.named_parameters(), p => p.name == "module1.positions");
        using var gated = new GatedClassifier();
        Assert.Contains(gated.named_parameters(), p => p.name == "gated.value.weight");
    }

    [Fact]
    public void A_teacher_trained_alone_reaches_its_checkpoint_its_weights_file_and_the_frozen_member()
    {
        using var generator = new Generator(5);
        var x = torch.randn(new long[] { 64, 20 }, generator: generator);
        var labels = torch.randint(0, 10, new long[] { 64 }, ScalarType.Int64, generator: generator);
        string checkpoint = Path.Combine(directory, "teacher.dcrckpt"), weights = Path.Combine(directory, "teacher.weights");
        string distilledCheckpoint = Path.Combine(directory, "distilled.dcrckpt");

        var (logits, distilling) = OneNetwork.TrainAloneThenDistil(x, labels, checkpoint, weights, distilledCheckpoint);
        Assert.True(distilling.Applied);
        Assert.True(logits.argmax(1).eq(labels).sum().ToInt64() > 32, "the teacher did not learn its 64 training labels");

        // The checkpoint resumes the teacher; its outputs are the weights file's, bit for bit.
        using var resumed = new TeacherAlone(seed: 99);
        resumed.Load(checkpoint);
        Assert.Equal(50, resumed.StepCount);
        Assert.True(resumed.Evaluate(new TeacherAlone.Batch(x)).Teacher.Result.eq(logits).all().item<bool>());

        // Loaded into a trained member, the weights are what its optimizer then updates.
        using var continued = new TeacherAlone(seed: 7);
        continued.Teacher.load(weights);
        using (var loss = resumed.Loss(new TeacherAlone.Batch(x, labels)))
            Assert.Equal(loss.Total.ToDouble(), continued.Step(new TeacherAlone.Batch(x, labels)).Total);
        Assert.False(continued.Evaluate(new TeacherAlone.Batch(x)).Teacher.Result.eq(logits).all().item<bool>(), "the step after loading changed nothing");

        // The student's checkpoint loads only beside the teacher it was trained against.
        using var again = new Distilled(seed: 3);
        Assert.Throws<CheckpointException>(() => again.Load(distilledCheckpoint));
        again.Teacher.load(weights);
        again.Load(distilledCheckpoint);
        Assert.Equal(1, again.StepCount);
    }
}
