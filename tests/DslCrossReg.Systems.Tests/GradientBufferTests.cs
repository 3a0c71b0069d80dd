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
/// The gradient buffer a system zeroes and checks in one operation: every gradient a backward pass computes lands in
/// it, bit for bit what plain autograd computes; its finiteness check sees any NaN or infinity; whatever a user did to
/// the gradients in between is undone by the next zeroing.
/// </summary>
public class GradientBufferTests
{
    private static Tensor Input(long seed) => SyntheticBatches.Features(seed, 5, 6);

    private static Tensor Loss(Encoder net, Tensor x) => net.call(x).Result.pow(2).sum();

    [Fact]
    public void Gradients_through_the_buffer_are_bit_for_bit_those_of_plain_autograd()
    {
        torch.manual_seed(3);
        using var net = new Encoder();
        torch.manual_seed(3);
        using var plain = new Encoder();
        using var buffer = new GradientBuffer(net);
        Assert.Equal(net.parameters().Count(), buffer.Parameters.Count);
        Assert.Equal(1, buffer.BufferCount);

        for (int step = 0; step < 3; step++)
        {
            buffer.Zero();
            plain.zero_grad();
            using var scope = torch.NewDisposeScope();
            var x = Input(step);
            Loss(net, x).backward();
            Loss(plain, x).backward();
            ParameterState.AssertSameGradients(plain, net, "buffer");
            Assert.True(buffer.AllFinite());
        }
    }

    [Fact]
    public void Zeroing_zeroes_every_gradient()
    {
        using var net = new Encoder();
        using var buffer = new GradientBuffer(net);
        buffer.Zero();
        Loss(net, Input(1)).backward();
        Assert.Contains(net.parameters(), p => p.grad!.abs().sum().item<float>() > 0);
        buffer.Zero();
        Assert.All(net.parameters(), p => Assert.Equal(0f, p.grad!.abs().sum().item<float>()));
    }

    [Fact]
    public void The_check_sees_a_nan_or_an_infinity_in_any_gradient()
    {
        using var net = new Encoder();
        using var buffer = new GradientBuffer(net);
        var parameters = net.parameters().ToList();
        for (int i = 0; i < parameters.Count; i++)
        {
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            {
                buffer.Zero();
                Loss(net, Input(2)).backward();
                Assert.True(buffer.AllFinite());
                using (torch.no_grad()) parameters[i].grad!.view(-1)[-1] = torch.tensor(bad);
                Assert.False(buffer.AllFinite());
            }
        }
    }

    [Fact]
    public void A_nan_gradient_of_a_finite_loss_is_seen_even_after_the_gradients_were_set_to_none()
    {
        using var net = new Encoder();
        using var buffer = new GradientBuffer(net);
        buffer.Zero();
        Loss(net, Input(3)).backward();
        net.zero_grad(); // sets every gradient to none
        Assert.All(net.parameters(), p => Assert.Null(p.grad));

        buffer.Zero();
        // sqrt(|0 · y|) is 0, but its derivative at 0 is infinite, and times 0 it is NaN: a finite loss, NaN gradients.
        var loss = (net.call(Input(4)).Result * 0).abs().sqrt().sum();
        Assert.Equal(0f, loss.item<float>());
        loss.backward();
        Assert.False(buffer.AllFinite());
    }

    [Fact]
    public void Frozen_parameters_are_left_out_and_shared_ones_counted_once()
    {
        using var trained = new Encoder();
        using var frozen = new Encoder();
        foreach (var p in frozen.parameters()) p.requires_grad = false;
        using var buffer = new GradientBuffer(trained, frozen, trained);
        Assert.Equal(trained.parameters().Count(), buffer.Parameters.Count);
        buffer.Zero();
        Assert.All(frozen.parameters(), p => Assert.Null(p.grad));
        Assert.All(trained.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void Parameters_of_other_element_types_get_a_buffer_of_their_own()
    {
        using var single = new Encoder();
        using var twice = nn.Linear(3, 2);
        twice.to(ScalarType.Float64);
        using var buffer = new GradientBuffer(single, twice);
        Assert.Equal(2, buffer.BufferCount);
        buffer.Zero();
        Loss(single, Input(5)).backward();
        twice.call(torch.ones(4, 3, ScalarType.Float64)).pow(2).sum().backward();
        Assert.True(buffer.AllFinite());
        using (torch.no_grad()) twice.bias!.grad![0] = torch.tensor(double.NaN, ScalarType.Float64);
        Assert.False(buffer.AllFinite());
    }

    [Fact]
    public void A_buffer_made_inside_a_dispose_scope_outlives_it()
    {
        using var net = new Encoder();
        GradientBuffer buffer;
        using (torch.NewDisposeScope()) buffer = new GradientBuffer(net);
        using (buffer)
        {
            buffer.Zero();
            Loss(net, Input(6)).backward();
            Assert.True(buffer.AllFinite());
        }
        Assert.Throws<ObjectDisposedException>(() => buffer.Zero());
    }
}
