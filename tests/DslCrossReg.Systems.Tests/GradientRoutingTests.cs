using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// Where each term's gradient goes, checked from outside after Step through parameters and <c>.grad</c>: the
/// scenario bugs (a teacher taught by its student, a discriminator moved by the members' backward, a reference
/// pushed by the model it should push away) each show here as a parameter or gradient that differs from a reference
/// step that leaves the bug out by construction.
/// </summary>
public class GradientRoutingTests
{
    private const long Seed = 77;
    private const int BatchSize = 8;

    private static readonly Tensor Xa = SyntheticBatches.Features(1, BatchSize, 6);
    private static readonly Tensor Xb = SyntheticBatches.Features(2, BatchSize, 6);
    private static readonly Tensor Ya = SyntheticBatches.Labels(3, BatchSize, 3);
    private static readonly Tensor Yb = SyntheticBatches.Labels(4, BatchSize, 3);

    [Fact]
    public void Distillation_teacher_moves_exactly_as_its_own_task_loss_alone_moves_it()
    {
        using var system = new DistilledL2(Seed);
        torch.manual_seed(Seed);
        using var teacher = new Encoder();
        using var student = new Encoder();
        using var optT = optim.Adam(teacher.parameters(), 1e-3);
        using var optS = optim.Adam(student.parameters(), 5e-3);
        var studentBefore = ParameterState.Copy(system.Student);

        system.Step(new DistilledL2.Batch(Xa, Xb, Ya, Yb));

        optT.zero_grad();
        cross_entropy(teacher.call(Xa).Result, Ya).backward();
        optT.step();
        ParameterState.AssertSameGradients(teacher, system.Teacher, "teacher gradient vs its task loss alone");
        ParameterState.AssertSame(teacher, system.Teacher, "teacher after one step");

        // Not vacuous: the student's gradient is its task loss plus the distillation term.
        optS.zero_grad();
        cross_entropy(student.call(Xb).Result, Yb).backward();
        ParameterState.AssertChanged(studentBefore, system.Student, "student");
        var taskOnly = student.parameters().Select(p => p.grad!).ToList();
        var actual = system.Student.parameters().Select(p => p.grad!).ToList();
        Assert.Contains(taskOnly.Zip(actual), pair => !ParameterState.BitEqual(pair.First, pair.Second));
    }

    [Fact]
    public void A_frozen_teacher_neither_changes_nor_collects_a_gradient()
    {
        using var system = new DistilledKl(Seed);
        var before = ParameterState.Copy(system.Teacher);
        for (int i = 0; i < 3; i++)
            system.Step(new DistilledKl.Batch(Xa, Xb, StudentTarget: Yb));

        ParameterState.AssertSame(before, system.Teacher, "frozen teacher");
        Assert.All(system.Teacher.parameters(), p => Assert.Null(p.grad));
        Assert.All(system.Teacher.parameters(), p => Assert.False(p.requires_grad));
        Assert.False(system.Teacher.training);
        Assert.All(system.Student.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void Adversarial_discriminator_moves_only_by_its_own_update_on_detached_embeddings()
    {
        using var system = new AdversarialPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var d = new Critic();
        using var optD = optim.Adam(d.parameters(), 1e-2);
        var dBefore = ParameterState.Copy(d);

        system.Step(new AdversarialPair.Batch(Xa, Xb, Ya, Yb));

        optD.zero_grad();
        var ea = a.call(Xa).Embedding.detach();
        var eb = b.call(Xb).Embedding.detach();
        AdversarialLosses.Discriminator(d.call(ea).Result, d.call(eb).Result).backward();
        optD.step();

        // Its gradient is its own loss's alone: the members' backward through it left nothing behind.
        ParameterState.AssertSameGradients(d, system.D, "discriminator gradient vs its own loss alone");
        ParameterState.AssertChanged(dBefore, system.D, "discriminator");
        ParameterState.AssertSame(d, system.D, "discriminator after one step");
    }

    [Fact]
    public void Adversarial_discriminator_collects_gradients_in_its_own_phase_only_and_its_frozen_parameter_never()
    {
        using var system = new ProbedAdversarialPair(Seed);
        var probe = system.D.modules().OfType<RequiresGradProbe>().Single();
        var offset = probe.Offset.detach().clone();

        for (int step = 1; step <= 2; step++)
        {
            probe.ScaleCollectedGradients.Clear();
            system.Step(new ProbedAdversarialPair.Batch(Xa, Xb, Ya, Yb));

            // Its own phase first, trainable; then the members' phase, through which they learn to fool it, with its
            // parameters collecting nothing (Gradients.Disabled): true…true false…false, both non-empty.
            var seen = probe.ScaleCollectedGradients;
            int learning = seen.TakeWhile(collects => collects).Count();
            Assert.True(learning > 0 && learning < seen.Count && seen.Skip(learning).All(collects => !collects),
                $"step {step}: the discriminator's parameter collected gradients as {string.Join(", ", seen)}");
            // Trainable again afterwards; what the user froze stays frozen, without a gradient, unchanged.
            Assert.True(probe.Scale.requires_grad, $"step {step}: the discriminator's parameter stayed disabled");
            Assert.False(probe.Offset.requires_grad, $"step {step}: the frozen parameter was made trainable");
            Assert.Null(probe.Offset.grad);
            Assert.True(ParameterState.BitEqual(offset, probe.Offset), $"step {step}: the frozen parameter moved");
        }
    }

    [Fact]
    public void Adversarial_members_move_through_the_updated_discriminator_and_not_the_stale_one()
    {
        using var system = new AdversarialPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var d = new Critic();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.SGD(b.parameters(), 0.05);
        using var optD = optim.Adam(d.parameters(), 1e-2);

        torch.manual_seed(Seed);
        using var staleA = new Encoder();
        using var staleB = new Encoder();
        using var staleD = new Critic();
        using var staleOptA = optim.Adam(staleA.parameters(), 1e-3);
        using var staleOptB = optim.SGD(staleB.parameters(), 0.05);

        system.Step(new AdversarialPair.Batch(Xa, Xb, Ya, Yb));
        OneStepTests.HandWrittenAdversarialStep(a, b, e => d.call(e).Result, optA, optB, optD, 0.1, Xa, Xb, Ya, Yb);

        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");

        // The published ordering: members stepped through the discriminator as it was before its update.
        staleOptA.zero_grad();
        staleOptB.zero_grad();
        var oa = staleA.call(Xa);
        var ob = staleB.call(Xb);
        var fool = AdversarialLosses.FoolDiscriminator(staleD.call(oa.Embedding).Result, fromA: true)
                   + AdversarialLosses.FoolDiscriminator(staleD.call(ob.Embedding).Result, fromA: false);
        (cross_entropy(oa.Result, Ya) + cross_entropy(ob.Result, Yb) + 0.1 * fool).backward();
        staleOptA.step();
        staleOptB.step();
        var stale = staleA.parameters().Select(p => p.detach()).ToList();
        var actual = system.A.parameters().ToList();
        Assert.Contains(stale.Zip(actual), pair => !ParameterState.BitEqual(pair.First, pair.Second));
    }

    [Fact]
    public void A_frozen_reference_never_changes_under_parameter_distance()
    {
        using var system = new ParameterDiverse(Seed);
        var before = ParameterState.Copy(system.A);
        var bBefore = ParameterState.Copy(system.B);
        for (int i = 0; i < 5; i++)
            system.Step(new ParameterDiverse.Batch(Xa, Xb, Yb));

        ParameterState.AssertSame(before, system.A, "frozen reference");
        Assert.All(system.A.parameters(), p => Assert.Null(p.grad));
        ParameterState.AssertChanged(bBefore, system.B, "B");
    }

    [Fact]
    public void A_trained_reference_moves_only_by_its_own_task_under_output_disagreement()
    {
        using var system = new OutputDiverse(Seed);
        torch.manual_seed(Seed);
        using var reference = new Encoder();
        using var optA = optim.Adam(reference.parameters(), 1e-3);

        system.Step(new OutputDiverse.Batch(Xa, Xb, Ya, Yb));

        optA.zero_grad();
        cross_entropy(reference.call(Xa).Result, Ya).backward();
        optA.step();
        ParameterState.AssertSameGradients(reference, system.A, "reference gradient vs its task loss alone");
        ParameterState.AssertSame(reference, system.A, "reference after one step");
    }

    [Fact]
    public void Each_optimizer_applies_its_own_rule_to_its_own_member_only()
    {
        // EmbeddingPair: A has Adam lr 1e-2, B SGD lr 0.05 momentum 0.9. Step leaves each member's gradient in
        // place; replaying each member's own optimizer on a same-seed copy holding that gradient must give the
        // member's new parameters. An optimizer that also held the other member's parameters, or the wrong kind or
        // rate, would not.
        using var system = new EmbeddingPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();

        system.Step(new EmbeddingPair.Batch(Xa, Xb, Ya, Yb));

        foreach (var (copy, member) in new[] { (a, system.A), (b, system.B) })
            foreach (var (p, q) in copy.parameters().Zip(member.parameters()))
                p.grad = q.grad!.clone();
        using var optA = optim.Adam(a.parameters(), 1e-2);
        using var optB = optim.SGD(b.parameters(), 0.05, momentum: 0.9);
        optA.step();
        optB.step();

        ParameterState.AssertSame(a, system.A, "A by its own Adam");
        ParameterState.AssertSame(b, system.B, "B by its own SGD");
    }

    [Fact]
    public void Shared_standardisation_sends_each_task_gradient_into_both_members_as_the_loss_graph_says()
    {
        using var system = new SharedStandardisedPair(Seed);
        var x = SyntheticBatches.Features(5, BatchSize, 100);
        var target = SyntheticBatches.Features(6, BatchSize, 10);
        using (var loss = system.Loss(new SharedStandardisedPair.Batch(x, target, target)))
        {
            foreach (var p in system.First.parameters().Concat(system.Second.parameters())) p.grad = null;
            loss.Terms["First.task"].backward();
        }
        // First's task reads the statistics pooled over Second's output too, so its gradient reaches Second.
        Assert.All(system.First.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().ToDouble() > 0));
        Assert.Contains(system.Second.parameters(), p => p.grad is not null && p.grad.abs().sum().ToDouble() > 0);

        string graph = SharedStandardisedPair.LossGraph;
        Assert.Contains("Second -- shared statistics --> First_task", graph);
        Assert.Contains("First_task -. grad .-> Second", graph);
        Assert.Contains("Second_task -. grad .-> First", graph);
        // Per-sample standardisation of each member alone shares nothing: no such edge there.
        Assert.DoesNotContain("shared statistics", StandardisedPair.LossGraph);
        Assert.DoesNotContain("First_task -. grad .-> Second", StandardisedPair.LossGraph);
    }
}
