using System;
using System.IO;
using System.Linq;
using DocSamples.CrossMethods;
using DocSamples.Systems;
using DslCrossReg.Checkpoints;
using DslCrossReg.Fitting;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Docs.Tests;

/// <summary>
/// Every system the docs declare takes a step on random data, with exactly the terms the docs name; the tours of
/// systems.md, training.md and checkpoints.md run as written.
/// </summary>
public sealed class SampleSystemTests : IDisposable
{
    private const int N = 64;
    private readonly Generator random = new(3);
    private readonly DisposeScope scope = torch.NewDisposeScope();
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-docs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        scope.Dispose();
        random.Dispose();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private Tensor Floats(params long[] shape) => torch.randn(shape, generator: random);

    private Tensor Classes(long classes) => torch.randint(0, classes, new long[] { N }, ScalarType.Int64, generator: random);

    private static void AssertTerms(StepResult result, params string[] expected)
    {
        Assert.True(result.Applied, result.NonFiniteTerm);
        Assert.Equal(expected.OrderBy(t => t, StringComparer.Ordinal), result.Terms.Keys.OrderBy(t => t, StringComparer.Ordinal));
        Assert.All(result.Terms.Values, v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(result.Total));
    }

    [Fact]
    public void Systems_page_systems_step_with_the_documented_terms()
    {
        var (left, right, labels) = (Floats(N, 1, 28, 14), Floats(N, 392), Classes(10));
        using (var s = new TwoViews(1))
            AssertTerms(s.Step(new TwoViews.Batch(left, right, labels, labels)), "Left.task", "Right.task", "EmbeddingDistance(Left,Right)", "Contrastive(Left,Right)");
        using (var s = new Independent(1))
            AssertTerms(s.Step(new Independent.Batch(left, right, labels, labels)), "Left.task", "Right.task");
        var fewLabels = torch.where(torch.arange(N) % 10 == 0, labels, torch.full(N, TaskLosses.Unlabeled, ScalarType.Int64));
        using (var s = new TeacherStudent(1))
            AssertTerms(s.Step(new TeacherStudent.Batch(Teacher: left, Student: right, StudentTarget: fewLabels)), "Student.task", "Distillation(Teacher,Student)");
        using (var s = new Normalised(1))
            AssertTerms(s.Step(new Normalised.Batch(Input: Floats(N, 20), FirstTarget: Floats(N, 4), SecondTarget: Floats(N, 4))), "First.task", "Second.task");
        using (var s = new CustomViews(1))
            AssertTerms(s.Step(new CustomViews.Batch(left, right, labels, labels)), "Left.task", "Right.task", "EmbeddingDistance(Left,Right)", "Agreement(Left,Right)");
    }

    [Fact]
    public void Cross_method_page_systems_step_with_the_documented_terms()
    {
        var (a, b, labels) = (Floats(N, 8), Floats(N, 12), Classes(3));
        using (var s = new DocSamples.CrossMethods.Agreeing(1))
            AssertTerms(s.Step(new(a, b, labels, labels)), "A.task", "B.task", "EmbeddingDistance(A,B)", "EmbeddingDistance.Cosine(A,B)");
        using (var s = new Aligned(1))
            AssertTerms(s.Step(new(a, b, labels, labels)), "A.task", "B.task", "Adversarial(A,B)", "Adversarial(A,B).discriminator");
        using (var s = new DocSamples.CrossMethods.Distilled(1))
            AssertTerms(s.Step(new(Teacher: b, Student: a, StudentTarget: labels)), "Student.task", "Distillation(Teacher,Student)", "Distillation.L2(Teacher,Student)");
        using (var s = new Diverse(1))
            AssertTerms(s.Step(new(a, a, labels)), "B.task", "ParameterDistance(A,B)");
        using (var s = new Disagreeing(1))
            AssertTerms(s.Step(new(a, b, labels)), "B.task", "OutputDisagreement(A,B)");
        var pairs = torch.randint(0, 2, new long[] { N }, ScalarType.Int64, generator: random);
        using (var s = new Paired(1))
            AssertTerms(s.Step(new(a, b, PairLabel: pairs)), "Contrastive(A,B)", "Contrastive.Margin(A,B)");
        using (var s = new Trio(1))
            AssertTerms(s.Step(new(a, a, b, labels, labels, labels)), "A.task", "B.task", "C.task",
                "EmbeddingDistance(A,B)", "EmbeddingDistance(A,C)", "EmbeddingDistance(B,C)", "Contrastive(A,C)");
    }

    [Fact]
    public void The_layers_page_samples_have_the_documented_shapes()
    {
        var (output, parameters, embedding) = DocSamples.Layers.Interpreted.Run();
        Assert.Equal("[*, 2]", output);
        Assert.Equal(222, parameters);
        Assert.Equal(new long[] { 5, 4 }, embedding);
        Assert.Equal(new[] { 24 }, DocSamples.Layers.TextEncoder.SentenceShape);
        Assert.Equal(new[] { 16 }, DocSamples.Layers.Deep.BlockShape);
        Assert.Equal(1248 * 64 + 64, DocSamples.Systems.LeftView.ParameterCount - (16 * 9 + 16) - (64 * 32 + 32) - (32 * 10 + 10));
    }

    [Fact]
    public void The_readme_lines_run()
    {
        var (left, right, labels) = (Floats(N, 1, 28, 14), Floats(N, 392), Classes(10));
        var (embedding, width, step) = DocSamples.Readme.FrontPage.Run(left, left, right, labels);
        Assert.Equal(new long[] { N, 32 }, embedding);
        Assert.Equal(32, width);
        AssertTerms(step, "Left.task", "Right.task", "EmbeddingDistance(Left,Right)", "Contrastive(Left,Right)");
    }

    [Fact]
    public void The_systems_tour_runs_as_written()
    {
        var (left, right, labels) = (Floats(N, 1, 28, 14), Floats(N, 392), Classes(10));
        var (step, distance, shape) = UsingASystem.Tour(left, right, labels);
        Assert.Equal(1, step.Step);
        Assert.True(double.IsFinite(distance) && distance > 0);
        Assert.Equal(new long[] { N, 32 }, shape);
        using var system = new TwoViews(2);
        var (total, width) = UsingASystem.Generic(system, new TwoViews.Batch(left, right, labels, labels));
        Assert.True(double.IsFinite(total));
        Assert.Equal(32, width);
    }

    [Fact]
    public void The_training_page_fit_validates_checkpoints_and_resumes()
    {
        var (left, right, labels) = (Floats(640, 1, 28, 14), Floats(640, 392), torch.randint(0, 10, new long[] { 640 }, ScalarType.Int64, generator: random));
        FitHistory history;
        using (var system = new TwoViews(1))
            history = DocSamples.Training.Fitting.Train(system, left, right, labels, trainCount: 512, epochs: 2, directory);
        Assert.Equal(FitStopReason.Completed, history.StopReason);
        Assert.Equal(2 * 512 / 64, history.Steps.Count);
        Assert.Equal(2, history.Validations.Count);
        Assert.All(new[] { "log.csv", "loss.png", Path.Combine("ckpt", "last.dcrckpt"), Path.Combine("ckpt", "best.dcrckpt") },
            f => Assert.True(File.Exists(Path.Combine(directory, f)), f));

        // The last checkpoint was taken after epoch 1 of 2: resuming for 3 epochs trains epoch 2 only.
        using var fresh = new TwoViews(5);
        var rest = DocSamples.Training.Fitting.Resume(fresh, left, right, labels, trainCount: 512, epochs: 3, directory);
        Assert.Equal(512 / 64, rest.Steps.Count);
        Assert.Equal(2 * 512 / 64, rest.Steps[0].Step);
    }

    [Fact]
    public void The_checkpoint_page_resumes_exactly_and_refuses_a_foreign_file()
    {
        var (left, right, labels) = (Floats(N, 1, 28, 14), Floats(N, 392), Classes(10));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "two-views.dcrckpt");
        var (continued, resumed) = DocSamples.Checkpoints.SavingAndLoading.SaveAndResume(new TwoViews.Batch(left, right, labels, labels), path, steps: 3);
        Assert.Equal(continued.Total, resumed.Total);
        Assert.Equal(4, resumed.Step);

        using var other = new Independent(1);
        var console = Console.Out;
        using var printed = new StringWriter();
        Console.SetOut(printed);
        try
        {
            DocSamples.Checkpoints.SavingAndLoading.Refused(other, path);
        }
        finally
        {
            Console.SetOut(console);
        }
        Assert.Equal($"Checkpoint '{path}': belongs to system 'TwoViews', not 'Independent'", printed.ToString().Trim());
        Assert.Equal(0, other.StepCount);

        string teacher = Path.Combine(directory, "teacher.dat"), student = Path.Combine(directory, "student.dcrckpt");
        using (var trained = new TeacherStudent(9)) trained.Teacher.save(teacher);
        DocSamples.Checkpoints.SavingAndLoading.ByReference(teacher, student);
        using var otherTeacher = new TeacherStudent(seed: 2);
        Assert.Throws<CheckpointException>(() => otherTeacher.Load(student));
    }
}
