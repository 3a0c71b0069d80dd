using System;
using System.Linq;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// A step whose loss or gradients are not finite is not applied: parameters and optimizer states stay as they were
/// (checked against a twin system that never saw the bad batch, two steps later, so Adam's moments and step count
/// and SGD's momentum buffers all count), and the result names the first non-finite term.
/// </summary>
public class NonFiniteStepTests
{
    private const int Batch = 8;

    private static EmbeddingPair.Batch Good(int step)
    {
        var y = SyntheticBatches.Labels(1000 + step, Batch, 3);
        return new EmbeddingPair.Batch(SyntheticBatches.Features(10 * step, Batch, 6), SyntheticBatches.Features(10 * step + 1, Batch, 6), y, y);
    }

    private static EmbeddingPair.Batch Poisoned()
    {
        var a = SyntheticBatches.Features(77, Batch, 6);
        a[3, 2] = torch.tensor(float.NaN);
        var y = SyntheticBatches.Labels(78, Batch, 3);
        return new EmbeddingPair.Batch(a, SyntheticBatches.Features(79, Batch, 6), y, y);
    }

    [Fact]
    public void A_nan_step_is_skipped_and_names_the_first_non_finite_term()
    {
        using var system = new EmbeddingPair(seed: 5);
        using var twin = new EmbeddingPair(seed: 5);
        system.Step(Good(0));
        twin.Step(Good(0));

        var skipped = system.Step(Poisoned());
        Assert.False(skipped.Applied);
        Assert.Equal("A.task", skipped.NonFiniteTerm);
        Assert.Equal(1, skipped.Step);
        Assert.Equal(1, system.StepCount);

        var after = system.Step(Good(1));
        var reference = twin.Step(Good(1));
        Assert.True(after.Applied);
        Assert.Equal(reference.Terms, after.Terms);
        ParameterState.AssertSame(twin.A, system.A, "A");
        ParameterState.AssertSame(twin.B, system.B, "B");
    }

    [Fact]
    public void The_throw_policy_throws_and_changes_nothing()
    {
        using var system = new EmbeddingPair(seed: 5) { OnNonFinite = NonFinitePolicy.Throw };
        system.Step(Good(0));
        var a = ParameterState.Copy(system.A);
        var b = ParameterState.Copy(system.B);
        var error = Assert.Throws<NonFiniteStepException>(() => system.Step(Poisoned()));
        Assert.Equal("A.task", error.Term);
        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Input_checking_refuses_nan_before_anything_runs()
    {
        using var system = new EmbeddingPair(seed: 5) { CheckInputsFinite = true };
        var error = Assert.Throws<BatchException>(() => system.Step(Poisoned()));
        Assert.Equal("A", error.Field);
        Assert.Contains("A holds NaN or infinite values", error.Message);
        Assert.Equal(0, system.StepCount);
    }

    [Fact]
    public void A_non_finite_discriminator_phase_moves_neither_the_discriminator_nor_the_members()
    {
        using var system = new DefaultAdversarialPair(seed: 9);
        var y = SyntheticBatches.Labels(5, Batch, 3);
        var a = SyntheticBatches.Features(6, Batch, 6);
        a[0, 0] = torch.tensor(float.NaN);
        var membersA = ParameterState.Copy(system.A);
        var membersB = ParameterState.Copy(system.B);
        var result = system.Step(new DefaultAdversarialPair.Batch(a, SyntheticBatches.Features(7, Batch, 6), y, y));
        Assert.False(result.Applied);
        Assert.StartsWith("Discriminator", result.NonFiniteTerm);
        ParameterState.AssertSame(membersA, system.A, "A");
        ParameterState.AssertSame(membersB, system.B, "B");
        Assert.Equal(0, system.StepCount);
    }

    [Fact]
    public void The_guard_names_a_non_finite_gradient()
    {
        using var net = new Encoder();
        var loss = net.call(torch.ones(2, 6)).Result.sum();
        loss.backward();
        Assert.Null(NonFiniteGuard.FirstNonFiniteGradient("Net", net));
        using (torch.no_grad()) net.parameters().First().grad![0, 0] = torch.tensor(float.NaN);
        Assert.Equal("Net: gradient of linear0.weight", NonFiniteGuard.FirstNonFiniteGradient("Net", net));
    }

    [Fact]
    public void Steps_stay_exact_when_a_user_sets_a_members_gradients_to_none_in_between()
    {
        // Module.zero_grad() sets gradients to none: the next backward then makes fresh gradient tensors outside the
        // system's gradient buffer. The step attaches the buffer again before its backward pass, so the step after
        // that is neither checked against stale zeros nor accumulated onto the fresh gradients.
        using var system = new EmbeddingPair(seed: 5);
        using var twin = new EmbeddingPair(seed: 5);
        for (int step = 0; step < 4; step++)
        {
            // Once, mid-run: every later step would accumulate onto the fresh gradients if nothing re-attached them.
            if (step == 1)
            {
                system.A.zero_grad();
                system.B.zero_grad();
                Assert.Null(system.A.parameters().First().grad);
            }
            var result = system.Step(Good(step));
            var reference = twin.Step(Good(step));
            Assert.Equal(reference.Terms, result.Terms);
        }
        ParameterState.AssertSame(twin.A, system.A, "A");
        ParameterState.AssertSame(twin.B, system.B, "B");
        ParameterState.AssertSameGradients(twin.A, system.A, "A");
    }
}
