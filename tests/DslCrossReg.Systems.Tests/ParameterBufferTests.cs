using System;
using System.IO;
using System.Linq;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// The buffer a system keeps each member's parameters and gradients in: moving the parameters in changes nothing the
/// module computes; an optimizer over the flat parameters gives bit for bit what it gives parameter by parameter;
/// every gradient a backward pass computes lands in it; its finiteness check sees any NaN or infinity; whatever a
/// user did to the gradients in between is undone by the next zeroing; a state loaded into the module lands in it.
/// </summary>
public class ParameterBufferTests
{
    private static Tensor Input(long seed) => SyntheticBatches.Features(seed, 5, 6);

    private static Tensor Loss(Encoder net, Tensor x) => net.call(x).Result.pow(2).sum();

    private static (Encoder Net, Encoder Plain) Twins()
    {
        torch.manual_seed(3);
        var net = new Encoder();
        torch.manual_seed(3);
        var plain = new Encoder();
        return (net, plain);
    }

    [Fact]
    public void Moving_the_parameters_in_changes_no_output_and_keeps_the_parameter_objects()
    {
        var (net, plain) = Twins();
        using (net)
        using (plain)
        {
            var before = net.parameters().ToList();
            using var buffer = new ParameterBuffer(net);
            Assert.Equal(before, net.parameters().ToList());
            Assert.Equal(before, buffer.Parameters);
            Assert.Equal(1, buffer.BufferCount);
            Assert.Equal(net.parameters().Sum(p => p.numel()), buffer.Flat.Single().numel());
            using var noGrad = torch.no_grad();
            Assert.True(ParameterState.BitEqual(plain.call(Input(1)).Result, net.call(Input(1)).Result));
            // The module's parameters are views of the flat one: writing one writes the other.
            buffer.Flat[0].fill_(0.25f);
            Assert.All(net.parameters(), p => Assert.Equal(0.25f, p.max().item<float>()));
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, 0.0, 0.0)]
    [InlineData(OptimizerKind.AdamW, 0.01, 0.0)]
    [InlineData(OptimizerKind.Sgd, 0.001, 0.9)]
    public void An_optimizer_over_the_buffer_trains_bit_for_bit_as_one_over_each_parameter(OptimizerKind kind, double weightDecay, double momentum)
    {
        var (net, plain) = Twins();
        using (net)
        using (plain)
        {
            using var buffer = new ParameterBuffer(net);
            using var flat = Optimizers.Create(kind, buffer.Flat, 0.01, weightDecay, momentum);
            // The reference is TorchSharp's own optimizer, parameter by parameter (the library's Adam makes its denominator in one temporary).
            using var each = TorchSharpOptimizer(kind, plain.parameters(), 0.01, weightDecay, momentum);
            for (int step = 0; step < 5; step++)
            {
                using var scope = torch.NewDisposeScope();
                buffer.Zero();
                each.zero_grad();
                var x = Input(step);
                Loss(net, x).backward();
                Loss(plain, x).backward();
                ParameterState.AssertSameGradients(plain, net, $"step {step}");
                Assert.True(buffer.AllFinite());
                flat.step();
                each.step();
                ParameterState.AssertSame(plain, net, $"{kind} step {step}");
            }
        }
    }

    private static optim.Optimizer TorchSharpOptimizer(OptimizerKind kind, System.Collections.Generic.IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double weightDecay, double momentum) => kind switch
    {
        OptimizerKind.Adam => optim.Adam(parameters, learningRate, weight_decay: weightDecay),
        OptimizerKind.AdamW => optim.AdamW(parameters, learningRate, weight_decay: weightDecay),
        _ => optim.SGD(parameters, learningRate, momentum: momentum, weight_decay: weightDecay),
    };

    [Fact]
    public void The_librarys_Adam_saves_and_loads_the_state_TorchSharps_Adam_does()
    {
        // A checkpoint written with TorchSharp's Adam must load into the library's, and the reverse.
        var (net, plain) = Twins();
        using (net)
        using (plain)
        {
            using var ours = Optimizers.Create(OptimizerKind.Adam, net.parameters(), 0.01, 0.001);
            using var theirs = optim.Adam(plain.parameters(), 0.01, weight_decay: 0.001);
            for (int step = 0; step < 3; step++)
            {
                using var scope = torch.NewDisposeScope();
                ours.zero_grad();
                theirs.zero_grad();
                var x = Input(step);
                Loss(net, x).backward();
                Loss(plain, x).backward();
                ours.step();
                theirs.step();
            }
            ParameterState.AssertSame(plain, net, "after 3 steps");
            byte[] Saved(optim.Optimizer optimizer)
            {
                using var stream = new System.IO.MemoryStream();
                using (var writer = new System.IO.BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                    ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
                return stream.ToArray();
            }
            Assert.Equal(Saved(theirs), Saved(ours));
            using var reader = new System.IO.BinaryReader(new System.IO.MemoryStream(Saved(ours)));
            ((TorchSharp.Modules.OptimizerHelper)theirs).load_state_dict(reader);
            Assert.Equal(Saved(theirs), Saved(ours));
        }
    }

    [Fact]
    public void Zeroing_zeroes_every_gradient()
    {
        using var net = new Encoder();
        using var buffer = new ParameterBuffer(net);
        buffer.Zero();
        Loss(net, Input(1)).backward();
        Assert.Contains(net.parameters(), p => p.grad!.abs().sum().item<float>() > 0);
        Assert.True(buffer.Flat[0].grad!.abs().sum().item<float>() > 0);
        buffer.Zero();
        Assert.All(net.parameters(), p => Assert.Equal(0f, p.grad!.abs().sum().item<float>()));
    }

    [Fact]
    public void The_check_sees_a_nan_or_an_infinity_in_any_gradient()
    {
        using var net = new Encoder();
        using var buffer = new ParameterBuffer(net);
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
        using var buffer = new ParameterBuffer(net);
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
    public void A_state_loaded_into_the_module_lands_in_the_buffer()
    {
        var (net, source) = Twins();
        using (net)
        using (source)
        {
            using var buffer = new ParameterBuffer(net);
            using (torch.no_grad())
                foreach (var p in source.parameters()) p.mul_(-2);
            var saved = new MemoryStream();
            source.save(saved);
            using var stream = new MemoryStream(saved.ToArray(), writable: false);
            net.load(stream, strict: true);
            ParameterState.AssertSame(source, net, "loaded");
            // Still the buffer's: the flat parameter holds the loaded values.
            Assert.Equal(source.parameters().Sum(p => p.sum().item<float>()), buffer.Flat[0].sum().item<float>(), 3);
        }
    }

    [Fact]
    public void Frozen_parameters_are_left_out_and_shared_ones_counted_once()
    {
        using var trained = new Encoder();
        using var frozen = new Encoder();
        foreach (var p in frozen.parameters()) p.requires_grad = false;
        using var buffer = new ParameterBuffer(trained, frozen, trained);
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
        using var buffer = new ParameterBuffer(single, twice);
        Assert.Equal(2, buffer.BufferCount);
        Assert.Equal(new[] { ScalarType.Float32, ScalarType.Float64 }, buffer.Flat.Select(f => f.dtype));
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
        ParameterBuffer buffer;
        using (torch.NewDisposeScope()) buffer = new ParameterBuffer(net);
        using (buffer)
        {
            buffer.Zero();
            Loss(net, Input(6)).backward();
            Assert.True(buffer.AllFinite());
            Assert.True(buffer.Flat[0].grad!.abs().sum().item<float>() > 0);
        }
        Assert.Throws<ObjectDisposedException>(() => buffer.Zero());
    }
}
