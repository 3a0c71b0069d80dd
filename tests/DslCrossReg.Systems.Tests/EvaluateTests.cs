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

    // [OutputNorm] systems: Evaluate gives each member's Result as its network computed it, and beside it the Result
    // normalised as the task losses see it.
    private static readonly Tensor Regressed = SyntheticBatches.Features(7, BatchSize, 100);
    private static readonly Tensor Targets = SyntheticBatches.Features(8, BatchSize, 10);

    [Fact]
    public void Range_normalised_outputs_are_per_sample_min_max_of_the_raw_result_and_what_the_task_loss_sees()
    {
        using var system = new RangeNormalisedPair(Seed);
        var outputs = system.Evaluate(new RangeNormalisedPair.Batch(Regressed));

        var raw = AssertRaw(system.First, outputs.First.Result);
        var min = raw.amin(new long[] { 1 }, keepdim: true);
        var expected = (raw - min) / (raw.amax(new long[] { 1 }, keepdim: true) - min).clamp_min(1e-8);
        Assert.True(expected.allclose(outputs.FirstNormalized, rtol: 0, atol: 1e-6));
        AssertAsTheLossSeesThem(system.Loss(new RangeNormalisedPair.Batch(Regressed, Targets, Targets)), outputs.FirstNormalized, outputs.SecondNormalized);
    }

    [Fact]
    public void Standardised_outputs_are_each_members_own_per_sample_z_scores()
    {
        using var system = new StandardisedPair(Seed);
        var outputs = system.Evaluate(new StandardisedPair.Batch(Regressed));

        AssertRaw(system.Second, outputs.Second.Result);
        foreach (var normalized in new[] { outputs.FirstNormalized, outputs.SecondNormalized })
            AssertStandard(normalized, dimension: 1);
        AssertAsTheLossSeesThem(system.Loss(new StandardisedPair.Batch(Regressed, Targets, Targets)), outputs.FirstNormalized, outputs.SecondNormalized);
    }

    [Fact]
    public void Shared_standardised_outputs_pool_each_samples_statistics_over_both_members_not_each_feature()
    {
        using var system = new SharedStandardisedPair(Seed);
        var outputs = system.Evaluate(new SharedStandardisedPair.Batch(Regressed));

        var first = AssertRaw(system.First, outputs.First.Result).to_type(ScalarType.Float64);
        var second = AssertRaw(system.Second, outputs.Second.Result).to_type(ScalarType.Float64);
        var pooled = torch.cat(new[] { first, second }, 1);
        var mean = pooled.mean(new long[] { 1 }, keepdim: true);
        var scale = (pooled - mean).square().mean(new long[] { 1 }, keepdim: true).add(1e-8).rsqrt();
        Assert.True(((first - mean) * scale).allclose(outputs.FirstNormalized.to_type(ScalarType.Float64), rtol: 0, atol: 1e-5));
        Assert.True(((second - mean) * scale).allclose(outputs.SecondNormalized.to_type(ScalarType.Float64), rtol: 0, atol: 1e-5));
        // Per sample over both members, so neither member alone is standard, and no feature is.
        var both = torch.cat(new[] { outputs.FirstNormalized, outputs.SecondNormalized }, 1);
        AssertStandard(both, dimension: 1);
        Assert.False(outputs.FirstNormalized.mean(new long[] { 1 }).abs().max().ToDouble() < 1e-4, "First alone is standardised: not pooled");
        Assert.False(both.mean(new long[] { 0 }).abs().max().ToDouble() < 1e-4, "every feature is centred: pooled per feature");
        AssertAsTheLossSeesThem(system.Loss(new SharedStandardisedPair.Batch(Regressed, Targets, Targets)), outputs.FirstNormalized, outputs.SecondNormalized);
    }

    /// <summary>The Result is the network's own output in eval mode, bit for bit, and carries no gradient.</summary>
    private static Tensor AssertRaw(Regressor member, Tensor result)
    {
        Tensor expected;
        using (torch.no_grad()) expected = member.call(Regressed).Result;
        Assert.True(ParameterState.BitEqual(expected, result), "Result is not the network's raw output");
        Assert.False(result.requires_grad);
        return expected;
    }

    private static void AssertStandard(Tensor normalized, long dimension)
    {
        var mean = normalized.mean(new long[] { dimension });
        var variance = (normalized - normalized.mean(new long[] { dimension }, keepdim: true)).square().mean(new long[] { dimension });
        Assert.True(mean.abs().max().ToDouble() < 1e-5, $"mean {mean.abs().max().ToDouble()}");
        Assert.True((variance - 1).abs().max().ToDouble() < 1e-4, $"variance {variance.max().ToDouble()}");
    }

    /// <summary>The task losses (Mse, on these networks without dropout) are of the normalised outputs Evaluate returned.</summary>
    private static void AssertAsTheLossSeesThem(LossBreakdown loss, Tensor first, Tensor second)
    {
        using (loss)
        {
            var terms = loss.ToDoubles();
            Assert.Equal(nn.functional.mse_loss(first, Targets).ToDouble(), terms["First.task"]);
            Assert.Equal(nn.functional.mse_loss(second, Targets).ToDouble(), terms["Second.task"]);
        }
    }
}
