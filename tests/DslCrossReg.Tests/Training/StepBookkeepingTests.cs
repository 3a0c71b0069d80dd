using System;
using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>
/// The pieces that let a step allocate little managed memory (issue 12), each held to what it replaced: a dispose
/// scope that frees what a TorchSharp scope frees, a gradient switch that does what <see cref="Gradients.Disabled"/>
/// does, and reads of a one-element tensor equal to TorchSharp's <c>ToDouble()</c>.
/// </summary>
[Collection(SeededTests.Name)]
public class StepBookkeepingTests
{
    [Fact]
    public void The_step_scope_is_handed_its_kept_set_with_the_torchsharp_this_library_is_built_with()
    {
        // If a TorchSharp upgrade drops the internal setter the scope falls back to a plain one: this test says so.
        var steps = new StepScope();
        using (steps.Open()) { }
        Assert.True(StepScope.HandsOverItsSet);
    }

    [Fact]
    public void Step_scopes_free_what_each_step_made_and_nothing_that_was_moved_out_or_made_before()
    {
        using var before = torch.ones(3);
        var steps = new StepScope();
        for (int step = 0; step < 3; step++)
        {
            Tensor made, moved, detached, inner;
            using (var scope = steps.Open())
            {
                made = before + step;
                moved = (before * 2).MoveToOuterDisposeScope();
                detached = (before * 3).DetachFromDisposeScope();
                using (torch.NewDisposeScope()) inner = (before - 1).MoveToOuterDisposeScope();
                Assert.Equal(2, scope.DisposablesCount);
            }
            Assert.True(made.IsInvalid, $"step {step}: a tensor made in the scope was not freed");
            Assert.True(inner.IsInvalid, $"step {step}: a tensor moved out of a nested scope into the step's was not freed");
            Assert.False(moved.IsInvalid);
            Assert.False(detached.IsInvalid);
            Assert.False(before.IsInvalid);
            moved.Dispose();
            detached.Dispose();
        }
    }

    [Fact]
    public void A_tensor_disposed_inside_the_step_scope_is_not_freed_twice()
    {
        var steps = new StepScope();
        using var source = torch.ones(2);
        using (var scope = steps.Open())
        {
            var temporary = source * 2;
            temporary.Dispose();
            Assert.Equal(0, scope.DisposablesCount);
        }
    }

    [Fact]
    public void The_gradient_switch_turns_off_what_was_on_and_back_on_exactly_that()
    {
        using var module = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 1));
        var parameters = module.parameters().ToArray();
        parameters[1].requires_grad = false; // frozen by the user: stays frozen
        var gradients = new GradientSwitch(module);
        for (int round = 0; round < 2; round++)
        {
            using (gradients.Off())
            {
                Assert.All(parameters, p => Assert.False(p.requires_grad));
                Assert.Contains("already switched off", Assert.Throws<InvalidOperationException>(() => gradients.Off()).Message);
            }
            Assert.Equal(new[] { true, false, true, true }, parameters.Select(p => p.requires_grad));
        }
    }

    [Fact]
    public void Gradients_flow_through_a_switched_off_module_to_its_input_as_through_gradients_disabled()
    {
        torch.manual_seed(2);
        using var module = nn.Linear(3, 2);
        var gradients = new GradientSwitch(module);
        using var input = torch.randn(4, 3).requires_grad_(true);
        using var reference = input.detach().clone().requires_grad_(true);
        using (gradients.Off()) module.call(input).sum().backward();
        using (Gradients.Disabled(module)) module.call(reference).sum().backward();
        Assert.True(input.grad!.eq(reference.grad!).all().item<bool>());
        Assert.All(module.parameters(), p => Assert.Null(p.grad));
    }

    public static TheoryData<string> Scalars => new() { "Float32 sum", "Float64 mean", "Float32 view at an offset", "Int64", "Float16", "a strided view" };

    private static Tensor Scalar(string kind) => kind switch
    {
        "Float32 sum" => torch.tensor(new[] { 0.1f, 0.2f, 0.3f }).sum(),
        "Float64 mean" => torch.tensor(new[] { 1e-300, 3.5 }).mean(),
        "Float32 view at an offset" => torch.tensor(new[] { 1f, 2f, 3.25f })[2],
        "Int64" => torch.tensor(new long[] { 7 }),
        "Float16" => torch.tensor(new[] { 0.1f }).to(ScalarType.Float16),
        "a strided view" => torch.tensor(new[] { 1f, 2f, 3f, 4f }).reshape(2, 2).t()[1][0],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void A_read_equals_torchsharps_to_double(string kind)
    {
        using var scope = torch.NewDisposeScope();
        var tensor = Scalar(kind);
        Assert.Equal(tensor.ToDouble(), TensorReads.ToDouble(tensor));
    }
}
