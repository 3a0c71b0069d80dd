using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>Evaluate: eval mode without gradients, every member's outputs, and the caller's modes restored.</summary>
public class EvaluateTests
{
    private const long Seed = 23;
    private const int BatchSize = 10;

    private static readonly Tensor Xt = SyntheticBatches.Features(1, BatchSize, 6);
    private static readonly Tensor Xs = SyntheticBatches.Features(2, BatchSize, 6);

    [Fact]
    public void Outputs_have_every_member_shape_and_no_gradient()
    {
        using var system = new DroppingPair(Seed);
        var outputs = system.Evaluate(new DroppingPair.Batch(Xt, Xs));

        foreach (var output in new[] { outputs.Teacher, outputs.Student })
        {
            Assert.Equal(new long[] { BatchSize, 3 }, output.Result.shape);
            Assert.Equal(new long[] { BatchSize, 4 }, output.Embedding.shape);
            Assert.False(output.Result.requires_grad);
            Assert.False(output.Embedding.requires_grad);
        }
    }

    [Fact]
    public void Runs_in_eval_mode_so_dropout_is_off()
    {
        using var system = new DroppingPair(Seed);
        var first = system.Evaluate(new DroppingPair.Batch(Xt, Xs)).Student.Result;
        var second = system.Evaluate(new DroppingPair.Batch(Xt, Xs)).Student.Result;

        system.Student.eval();
        Tensor expected;
        using (torch.no_grad()) expected = system.Student.call(Xs).Result;
        system.Student.train();
        Tensor dropped;
        using (torch.no_grad()) dropped = system.Student.call(Xs).Result;

        Assert.True(ParameterState.BitEqual(expected, first));
        Assert.True(ParameterState.BitEqual(expected, second));
        Assert.False(ParameterState.BitEqual(expected, dropped), "dropout in train mode should change the output");
    }

    [Fact]
    public void Restores_each_member_mode_and_changes_nothing()
    {
        using var system = new DroppingPair(Seed);
        system.Step(new DroppingPair.Batch(Xt, Xs, SyntheticBatches.Labels(3, BatchSize, 3)));
        var student = ParameterState.Copy(system.Student);
        Assert.True(system.Student.training);
        Assert.False(system.Teacher.training);

        system.Evaluate(new DroppingPair.Batch(Xt, Xs));
        Assert.True(system.Student.training);
        Assert.False(system.Teacher.training);

        system.Student.eval();
        system.Evaluate(new DroppingPair.Batch(Xt, Xs));
        Assert.False(system.Student.training);

        ParameterState.AssertSame(student, system.Student, "Student after Evaluate");
        Assert.Equal(1, system.StepCount);
    }

    [Fact]
    public void Needs_no_target_but_still_refuses_a_bad_input()
    {
        using var system = new DroppingPair(Seed);
        var error = Assert.Throws<BatchException>(() => system.Evaluate(new DroppingPair.Batch(Xt, torch.zeros(BatchSize, 7))));
        Assert.Equal("Student", error.Field);
        Assert.True(system.Student.training);
    }
}
