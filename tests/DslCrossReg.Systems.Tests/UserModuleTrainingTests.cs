using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Training;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// A user's Module stage and the attention layers in systems: trained by Step exactly as a hand-written TorchSharp loop
/// trains the same network, frozen with a frozen member, saved and loaded by the system's checkpoint bit for bit.
/// </summary>
public sealed class UserModuleTrainingTests : IDisposable
{
    private const long Seed = 2468;
    private const int BatchSize = 8;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-usermodule-" + Guid.NewGuid().ToString("N"));

    public UserModuleTrainingTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Tensor X(int step) => SyntheticBatches.Features(300 + step, BatchSize, 6);

    private static Tensor Tokens(int step) => SyntheticBatches.Labels(500 + step, BatchSize * 5, 10).reshape(BatchSize, 5);

    private static Tensor Y(int step) => SyntheticBatches.Labels(700 + step, BatchSize, 3);

    /// <summary>The plainest TorchSharp step: zero, cross entropy, backward, step; returns the loss.</summary>
    private static double HandWrittenStep(optim.Optimizer optimizer, Tensor logits, Tensor labels)
    {
        optimizer.zero_grad();
        var loss = cross_entropy(logits, labels);
        loss.backward();
        optimizer.step();
        return loss.ToDouble();
    }

    [Fact]
    public void Step_trains_the_user_modules_parameters_as_a_hand_written_loop_does()
    {
        using var system = new ScaledAlone(Seed);
        torch.manual_seed(Seed);
        using var net = new ScaledEncoder();
        using var optimizer = optim.Adam(net.parameters(), 1e-2);
        var before = ParameterState.Copy(system.Net);
        Assert.Contains(before, p => p.Name == "module1.scale");
        Assert.Contains(before, p => p.Name == "module1.shift");

        for (int i = 0; i < 3; i++)
        {
            using var scope = torch.NewDisposeScope();
            var result = system.Step(new ScaledAlone.Batch(X(i), Y(i)));
            Assert.Equal(HandWrittenStep(optimizer, net.call(X(i)).Result, Y(i)), result.Total);
        }

        ParameterState.AssertSame(net, system.Net, "Net");
        // The module's own parameters moved, and the last step's gradient reached them.
        var scale = system.Net.named_parameters().Single(p => p.name == "module1.scale").parameter;
        Assert.False(ParameterState.BitEqual(before.Single(p => p.Name == "module1.scale").Value, scale), "module1.scale did not change");
        Assert.True(scale.grad is not null && scale.grad.abs().sum().ToDouble() > 0, "no gradient reached module1.scale");
    }

    [Fact]
    public void Step_trains_attention_layers_with_dropout_as_a_hand_written_loop_does()
    {
        using var system = new AttentionAlone(Seed);
        torch.manual_seed(Seed);
        using var net = new AttentionEncoder();
        using var optimizer = optim.Adam(net.parameters(), 1e-2);
        for (int i = 0; i < 3; i++)
        {
            using var scope = torch.NewDisposeScope();
            // The step draws dropout masks: the hand-written step starts from the generator state the step started from.
            var state = torch.get_rng_state();
            var result = system.Step(new AttentionAlone.Batch(Tokens(i), Y(i)));
            var after = torch.get_rng_state();
            torch.set_rng_state(state);
            double loss = HandWrittenStep(optimizer, net.call(Tokens(i)).Result, Y(i));
            Assert.True(ParameterState.BitEqual(after, torch.get_rng_state()), "the hand-written step drew as many random numbers");
            Assert.Equal(loss, result.Total);
        }
        ParameterState.AssertSame(net, system.Net, "Net");
    }

    [Fact]
    public void A_frozen_members_user_module_keeps_its_parameters_while_the_students_learns()
    {
        using var system = new ScaledDistilled(Seed);
        var teacher = ParameterState.Copy(system.Teacher);
        var student = ParameterState.Copy(system.Student);
        Assert.All(system.Teacher.named_parameters(), p => Assert.False(p.parameter.requires_grad, p.name + " of the frozen teacher requires a gradient"));
        for (int i = 0; i < 3; i++)
        {
            using var scope = torch.NewDisposeScope();
            Assert.True(system.Step(new ScaledDistilled.Batch(X(i), X(i), StudentTarget: Y(i))).Applied);
        }
        ParameterState.AssertSame(teacher, system.Teacher, "frozen Teacher");
        Assert.All(system.Teacher.parameters(), p => Assert.Null(p.grad));
        var scale = system.Student.named_parameters().Single(p => p.name == "module1.scale").parameter;
        Assert.False(ParameterState.BitEqual(student.Single(p => p.Name == "module1.scale").Value, scale), "the student's module1.scale did not learn");
    }

    [Fact]
    public void A_batchnorm_inside_a_user_module_is_rolled_back_and_refuses_a_single_sample_like_the_dsls()
    {
        using var system = new InnerNormAlone(Seed);
        var before = system.Net.named_buffers().Select(b => (b.name, Value: b.buffer.clone())).ToList();
        Assert.Contains(before, b => b.name == "module1.norm.running_mean");

        // Loss runs the forward pass in training mode and puts the running statistics back.
        using (var loss = system.Loss(new InnerNormAlone.Batch(X(0), Y(0)))) { }
        foreach (var (name, value) in before)
            Assert.True(ParameterState.BitEqual(value, system.Net.named_buffers().Single(b => b.name == name).buffer), name + " moved in Loss");

        var e = Assert.Throws<BatchException>(() => system.Step(new InnerNormAlone.Batch(X(0)[..1], Y(0)[..1])));
        Assert.Contains("'Net' has BatchNorm in training mode", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, system.StepCount);
    }

    [Fact]
    public void A_checkpoint_holds_user_modules_and_attention_and_resumes_bit_for_bit()
    {
        TextAndFeatures.Batch Batch(int step) => new(Tokens(step), X(step), Y(step), Y(step + 1));
        var uninterrupted = new List<IReadOnlyDictionary<string, double>>();
        using (var system = new TextAndFeatures(seed: 5))
            for (int step = 0; step < 5; step++) uninterrupted.Add(system.Step(Batch(step)).Terms);

        string path = Path.Combine(directory, "text.dcrckpt");
        IReadOnlyList<(string Name, Tensor Value)> saved;
        using (var first = new TextAndFeatures(seed: 5))
        {
            for (int step = 0; step < 2; step++) Assert.Equal(uninterrupted[step], first.Step(Batch(step)).Terms);
            first.Save(path);
            saved = ParameterState.Copy(first.Text).Concat(ParameterState.Copy(first.Features)).ToList();
        }

        using var resumed = new TextAndFeatures(seed: 999);
        Assert.NotEqual(saved[0].Value.data<float>().ToArray(), resumed.Text.parameters().First().data<float>().ToArray());
        resumed.Load(path);
        var loaded = ParameterState.Copy(resumed.Text).Concat(ParameterState.Copy(resumed.Features)).ToList();
        Assert.Equal(saved.Select(p => p.Name), loaded.Select(p => p.Name));
        Assert.Contains(loaded, p => p.Name == "module1.scale");
        Assert.Contains(loaded, p => p.Name == "attention2.in_proj_weight");
        for (int i = 0; i < saved.Count; i++)
            Assert.True(ParameterState.BitEqual(saved[i].Value, loaded[i].Value), saved[i].Name + " was not loaded bit for bit");
        for (int step = 2; step < 5; step++) Assert.Equal(uninterrupted[step], resumed.Step(Batch(step)).Terms);
    }
}
