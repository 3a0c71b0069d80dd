using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// A <c>[TrainingSystem]</c> without cross terms: its generated Step against a plain TorchSharp loop written here
/// (same seed, same construction order, same optimizers, the task losses written out), its terms, its loss graph and
/// its checkpoints.
/// </summary>
public sealed class SystemsWithoutCrossTermsTests : IDisposable
{
    private const long Seed = 4321;
    private const int Steps = 3;
    private const int BatchSize = 8;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-nocross-" + Guid.NewGuid().ToString("N"));

    public SystemsWithoutCrossTermsTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Tensor X(int step, int which) => SyntheticBatches.Features(100 * step + which, BatchSize, 6);

    private static Tensor Y(int step, int which) => SyntheticBatches.Labels(100 * step + 50 + which, BatchSize, 3);

    private static Tensor Regression(int step) => SyntheticBatches.Features(100 * step + 77, BatchSize, 3);

    private static TasksOnlyPair.Batch PairBatch(int step) => new(X(step, 0), X(step, 1), Y(step, 0), Regression(step));

    [Fact]
    public void Two_members_on_their_own_tasks_match_a_hand_written_loop()
    {
        using var system = new TasksOnlyPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-2);
        using var optB = optim.SGD(b.parameters(), 0.05, momentum: 0.9);
        var beforeA = ParameterState.Copy(a);
        var beforeB = ParameterState.Copy(b);

        for (int i = 0; i < Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            var result = system.Step(PairBatch(i));

            optA.zero_grad();
            optB.zero_grad();
            var taskA = cross_entropy(a.call(X(i, 0)).Result, Y(i, 0));
            var taskB = mse_loss(b.call(X(i, 1)).Result, Regression(i));
            var total = taskA + taskB;
            total.backward();
            optA.step();
            optB.step();

            Assert.True(result.Applied);
            Assert.Equal(i + 1, result.Step);
            Assert.Equal(new[] { "A.task", "B.task" }, result.Terms.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(taskA.ToDouble(), result.Terms["A.task"]);
            Assert.Equal(taskB.ToDouble(), result.Terms["B.task"]);
            Assert.Equal(total.ToDouble(), result.Total);
            Assert.Empty(result.Warnings);
        }

        ParameterState.AssertChanged(beforeA, a, "reference A");
        ParameterState.AssertChanged(beforeB, b, "reference B");
        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void A_student_with_missing_labels_learns_from_the_labelled_ones_and_the_teacher_as_a_hand_written_loop_does()
    {
        // Step 0 labels every sample, step 1 half of them, step 2 none: its task term is 0, not NaN, and the step applies.
        long[][] labels =
        {
            new long[] { 0, 1, 2, 0, 1, 2, 0, 1 },
            new long[] { -1, 1, -1, 0, -1, 2, -1, 1 },
            new long[] { -1, -1, -1, -1, -1, -1, -1, -1 },
        };
        const double T = 3, Weight = 0.7;
        using var system = new SemiSupervisedKl(Seed);
        torch.manual_seed(Seed);
        using var teacher = new Encoder();
        using var student = new Encoder();
        foreach (var p in teacher.parameters()) p.requires_grad_(false);
        using var optimizer = optim.Adam(student.parameters(), 1e-3);
        var teacherBefore = ParameterState.Copy(system.Teacher);
        var studentBefore = ParameterState.Copy(system.Student);

        for (int i = 0; i < labels.Length; i++)
        {
            using var scope = torch.NewDisposeScope();
            var y = torch.tensor(labels[i]);
            var result = system.Step(new SemiSupervisedKl.Batch(X(i, 0), X(i, 0), y));

            optimizer.zero_grad();
            var studentLogits = student.call(X(i, 0)).Result;
            var teacherLogits = teacher.call(X(i, 0)).Result;
            var labelled = torch.tensor(Enumerable.Range(0, BatchSize).Where(k => labels[i][k] >= 0).Select(k => (long)k).ToArray(), ScalarType.Int64);
            var task = labelled.numel() == 0 ? torch.zeros(Array.Empty<long>()) : cross_entropy(studentLogits.index_select(0, labelled), y.index_select(0, labelled));
            var p = softmax(teacherLogits / T, 1);
            var kl = (p * (log_softmax(teacherLogits / T, 1) - log_softmax(studentLogits / T, 1))).sum(1).mean() * (T * T);
            var total = task + (Weight * kl);
            total.backward();
            optimizer.step();

            Assert.True(result.Applied, result.NonFiniteTerm);
            Assert.Equal(task.ToDouble(), result.Terms["Student.task"], 6);
            Assert.Equal(Weight * kl.ToDouble(), result.Terms["Distillation(Teacher,Student)"], 6);
        }
        Assert.Equal(0.0, system.Loss(new SemiSupervisedKl.Batch(X(9, 0), X(9, 0), torch.full(BatchSize, -1L))).Terms["Student.task"].ToDouble());
        ParameterState.AssertSame(teacher, system.Teacher, "Teacher");
        ParameterState.AssertClose(student, system.Student, "Student", tolerance: 1e-6);
        ParameterState.AssertChanged(studentBefore, system.Student, "Student");
        ParameterState.AssertSame(teacherBefore, system.Teacher, "Teacher (untouched)");
    }

    [Fact]
    public void A_single_network_matches_a_hand_written_loop_with_dropout_and_adamw()
    {
        using var system = new SingleNetwork(Seed);
        torch.manual_seed(Seed);
        using var net = new DroppyEncoder();
        using var opt = optim.AdamW(net.parameters(), 5e-3, weight_decay: 0.01);
        // The system's step draws dropout masks from the same generator, in the same order: run it first, then
        // the hand-written step from the generator state it started from.
        for (int i = 0; i < Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            var state = torch.get_rng_state();
            var result = system.Step(new SingleNetwork.Batch(X(i, 0), Y(i, 0)));
            var after = torch.get_rng_state();

            torch.set_rng_state(state);
            opt.zero_grad();
            var loss = cross_entropy(net.call(X(i, 0)).Result, Y(i, 0));
            loss.backward();
            opt.step();
            Assert.True(ParameterState.BitEqual(after, torch.get_rng_state()), "the hand-written step drew as many random numbers");

            Assert.Equal(new[] { "Net.task" }, result.Terms.Keys);
            Assert.Equal(loss.ToDouble(), result.Total);
        }

        ParameterState.AssertSame(net, system.Net, "Net");
    }

    [Fact]
    public void Loss_and_evaluate_read_the_members_without_changing_them()
    {
        using var system = new TasksOnlyPair(Seed);
        var before = ParameterState.Copy(system.A);
        using var loss = system.Loss(PairBatch(0));
        Assert.Equal(new[] { "A.task", "B.task" }, loss.Terms.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(loss.Terms["A.task"].ToDouble() + loss.Terms["B.task"].ToDouble(), loss.Total.ToDouble(), 5);
        var outputs = system.Evaluate(new TasksOnlyPair.Batch(X(0, 0), X(0, 1)));
        Assert.Equal(new long[] { BatchSize, 3 }, outputs.A.Result.shape);
        Assert.Equal(new long[] { BatchSize, 4 }, outputs.B.Embedding.shape);
        ParameterState.AssertSame(before, system.A, "A after Loss and Evaluate");
        Assert.Equal(0, system.StepCount);
    }

    [Fact]
    public void The_loss_graph_shows_only_the_task_losses()
    {
        string graph = TasksOnlyPair.LossGraph;
        Assert.Contains("A_task([\"A.task: CrossEntropy\"])", graph, StringComparison.Ordinal);
        Assert.Contains("B_task([\"B.task: Mse\"])", graph, StringComparison.Ordinal);
        Assert.Contains("A_task -. grad .-> A", graph, StringComparison.Ordinal);
        Assert.Contains("B_task -. grad .-> B", graph, StringComparison.Ordinal);
        Assert.DoesNotContain("term", graph, StringComparison.Ordinal);
        // Nothing couples the members: no edge runs between A's nodes and B's.
        Assert.DoesNotContain("A_task -. grad .-> B", graph, StringComparison.Ordinal);
        Assert.DoesNotContain("B_task -. grad .-> A", graph, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_reproduces_the_uninterrupted_run_bit_for_bit()
    {
        var uninterrupted = new List<IReadOnlyDictionary<string, double>>();
        using (var system = new TasksOnlyPair(seed: 5))
            for (int step = 0; step < 6; step++) uninterrupted.Add(system.Step(PairBatch(step)).Terms);

        string path = Path.Combine(directory, "tasks.dcrckpt");
        using (var first = new TasksOnlyPair(seed: 5))
        {
            for (int step = 0; step < 2; step++) Assert.Equal(uninterrupted[step], first.Step(PairBatch(step)).Terms);
            first.Save(path);
        }

        using var resumed = new TasksOnlyPair(seed: 999);
        resumed.Load(path);
        Assert.Equal(2, resumed.StepCount);
        for (int step = 2; step < 6; step++) Assert.Equal(uninterrupted[step], resumed.Step(PairBatch(step)).Terms);
    }
}
