using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// Per method: the generated Step against a plain TorchSharp step written here (same seed, networks built in the
/// same order, optimizers with the same settings, the loss from the library functions), three steps on three
/// batches, then every parameter compared bit for bit. Three steps rather than one so that optimizer state
/// (Adam's moments, SGD's momentum) is compared too.
/// </summary>
public class OneStepTests
{
    private const long Seed = 1234;
    private const int Steps = 3;
    private const int BatchSize = 8;

    private static Tensor X(int step, int which) => SyntheticBatches.Features(100 * step + which, BatchSize, 6);

    private static Tensor Y(int step, int which) => SyntheticBatches.Labels(100 * step + 50 + which, BatchSize, 3);

    private static void Run(int steps, Action<int> step)
    {
        for (int i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            step(i);
        }
    }

    [Fact]
    public void Embedding_distance_matches_a_hand_written_step_with_adam_and_sgd_momentum()
    {
        using var system = new EmbeddingPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-2);
        using var optB = optim.SGD(b.parameters(), 0.05, momentum: 0.9);
        var before = ParameterState.Copy(a);

        Run(Steps, i =>
        {
            system.Step(new EmbeddingPair.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));

            optA.zero_grad();
            optB.zero_grad();
            var oa = a.call(X(i, 0));
            var ob = b.call(X(i, 1));
            var total = cross_entropy(oa.Result, Y(i, 0)) + cross_entropy(ob.Result, Y(i, 1))
                        + 0.1 * EmbeddingLosses.Distance(oa.Embedding, ob.Embedding);
            total.backward();
            optA.step();
            optB.step();
        });

        ParameterState.AssertChanged(before, a, "reference A");
        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Gradient_clipping_applies_to_its_own_member_only()
    {
        using var system = new ClippedPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.SGD(b.parameters(), 0.1);
        double normA = 0, normB = 0;

        Run(Steps, i =>
        {
            system.Step(new ClippedPair.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));

            optA.zero_grad();
            optB.zero_grad();
            var oa = a.call(X(i, 0));
            var ob = b.call(X(i, 1));
            var total = cross_entropy(oa.Result, Y(i, 0)) + cross_entropy(ob.Result, Y(i, 1))
                        + 0.1 * EmbeddingLosses.Distance(oa.Embedding, ob.Embedding);
            total.backward();
            normA = nn.utils.clip_grad_norm_(a.parameters(), 0.05);
            normB = Math.Sqrt(b.parameters().Sum(p => p.grad!.pow(2).sum().ToDouble()));
            optA.step();
            optB.step();
        });

        Assert.True(normA > 0.05, $"A's gradient norm {normA} should exceed the clip norm, or clipping is not exercised");
        Assert.True(normB > 0.05, $"B's gradient norm {normB} must exceed 0.05, or clipping it by mistake would not show");
        ParameterState.AssertSame(a, system.A, "A (clipped)");
        ParameterState.AssertSame(b, system.B, "B (not clipped)");
    }

    [Fact]
    public void Contrastive_info_nce_matches_a_hand_written_step_with_adamw()
    {
        using var system = new InfoNcePair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.AdamW(b.parameters(), 1e-3, weight_decay: 0.01);

        Run(Steps, i =>
        {
            system.Step(new InfoNcePair.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));

            optA.zero_grad();
            optB.zero_grad();
            var oa = a.call(X(i, 0));
            var ob = b.call(X(i, 1));
            var total = cross_entropy(oa.Result, Y(i, 0)) + cross_entropy(ob.Result, Y(i, 1))
                        + 0.2 * ContrastiveLosses.InfoNce(oa.Embedding, ob.Embedding, temperature: 0.5, epsilon: 1e-8);
            total.backward();
            optA.step();
            optB.step();
        });

        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Contrastive_margin_with_pair_labels_matches_a_hand_written_step()
    {
        using var system = new LabelledPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.Adam(b.parameters(), 2e-3);

        Run(Steps, i =>
        {
            var pairs = SyntheticBatches.PairLabels(900 + i, BatchSize);
            system.Step(new LabelledPair.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1), pairs));

            optA.zero_grad();
            optB.zero_grad();
            var oa = a.call(X(i, 0));
            var ob = b.call(X(i, 1));
            var total = cross_entropy(oa.Result, Y(i, 0)) + cross_entropy(ob.Result, Y(i, 1))
                        + 0.3 * ContrastiveLosses.Margin(oa.Embedding, ob.Embedding, pairs, margin: 0.2);
            total.backward();
            optA.step();
            optB.step();
        });

        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Distillation_l2_matches_a_hand_written_step()
    {
        using var system = new DistilledL2(Seed);
        torch.manual_seed(Seed);
        using var teacher = new Encoder();
        using var student = new Encoder();
        using var optT = optim.Adam(teacher.parameters(), 1e-3);
        using var optS = optim.Adam(student.parameters(), 5e-3);

        Run(Steps, i =>
        {
            system.Step(new DistilledL2.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));

            optT.zero_grad();
            optS.zero_grad();
            var ot = teacher.call(X(i, 0));
            var os = student.call(X(i, 1));
            var total = cross_entropy(ot.Result, Y(i, 0)) + cross_entropy(os.Result, Y(i, 1))
                        + 0.5 * DistillationLosses.L2(os.Embedding, ot.Embedding);
            total.backward();
            optT.step();
            optS.step();
        });

        ParameterState.AssertSame(teacher, system.Teacher, "Teacher");
        ParameterState.AssertSame(student, system.Student, "Student");
    }

    [Fact]
    public void Distillation_kl_from_a_frozen_teacher_matches_a_hand_written_step()
    {
        using var system = new DistilledKl(Seed);
        torch.manual_seed(Seed);
        using var teacher = new Encoder();
        using var student = new Encoder();
        teacher.eval();
        using var optS = optim.Adam(student.parameters(), 1e-3);

        Run(Steps, i =>
        {
            system.Step(new DistilledKl.Batch(X(i, 0), X(i, 1), StudentTarget: Y(i, 1)));

            optS.zero_grad();
            Tensor teacherLogits;
            using (torch.no_grad()) teacherLogits = teacher.call(X(i, 0)).Result;
            var os = student.call(X(i, 1));
            var total = cross_entropy(os.Result, Y(i, 1)) + 0.7 * DistillationLosses.Kl(os.Result, teacherLogits, temperature: 3);
            total.backward();
            optS.step();
        });

        ParameterState.AssertSame(teacher, system.Teacher, "Teacher");
        ParameterState.AssertSame(student, system.Student, "Student");
    }

    [Fact]
    public void Parameter_distance_from_a_frozen_reference_matches_a_hand_written_step()
    {
        using var system = new ParameterDiverse(Seed);
        torch.manual_seed(Seed);
        using var reference = new Encoder();
        using var b = new Encoder();
        foreach (var p in reference.parameters()) p.requires_grad = false;
        using var optB = optim.Adam(b.parameters(), 1e-3);

        Run(Steps, i =>
        {
            system.Step(new ParameterDiverse.Batch(X(i, 0), X(i, 1), Y(i, 1)));

            optB.zero_grad();
            var ob = b.call(X(i, 1));
            var total = cross_entropy(ob.Result, Y(i, 1)) + 0.05 * ParameterDistance.InverseL1(b, reference, epsilon: 1e-6);
            total.backward();
            optB.step();
        });

        ParameterState.AssertSame(reference, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Output_disagreement_matches_a_hand_written_step()
    {
        using var system = new OutputDiverse(Seed);
        torch.manual_seed(Seed);
        using var reference = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(reference.parameters(), 1e-3);
        using var optB = optim.Adam(b.parameters(), 1e-3);

        Run(Steps, i =>
        {
            system.Step(new OutputDiverse.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));

            optA.zero_grad();
            optB.zero_grad();
            var oa = reference.call(X(i, 0));
            var ob = b.call(X(i, 1));
            var total = cross_entropy(oa.Result, Y(i, 0)) + cross_entropy(ob.Result, Y(i, 1))
                        + 0.2 * OutputDisagreement.InverseCrossEntropy(ob.Result, oa.Result, epsilon: 1e-6);
            total.backward();
            optA.step();
            optB.step();
        });

        ParameterState.AssertSame(reference, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Adversarial_with_a_user_discriminator_matches_a_hand_written_two_phase_step()
    {
        using var system = new AdversarialPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var d = new Critic();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.SGD(b.parameters(), 0.05);
        using var optD = optim.Adam(d.parameters(), 1e-2);
        var dBefore = ParameterState.Copy(d);

        Run(Steps, i =>
        {
            system.Step(new AdversarialPair.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));
            HandWrittenAdversarialStep(a, b, e => d.call(e).Result, optA, optB, optD, 0.1, X(i, 0), X(i, 1), Y(i, 0), Y(i, 1));
        });

        ParameterState.AssertChanged(dBefore, d, "reference discriminator");
        ParameterState.AssertSame(d, system.D, "discriminator");
        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Adversarial_with_the_default_discriminator_matches_a_hand_written_two_phase_step()
    {
        // The default discriminator is private; the members can only match bit for bit if it was built (seeded,
        // after the members, width 4) and updated exactly as here, since their step goes through it.
        using var system = new DefaultAdversarialPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var d = new DefaultDiscriminator(4);
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.Adam(b.parameters(), 1e-3);
        using var optD = optim.Adam(d.parameters(), 1e-3);

        Run(Steps, i =>
        {
            system.Step(new DefaultAdversarialPair.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));
            HandWrittenAdversarialStep(a, b, e => d.call(e), optA, optB, optD, 0.3, X(i, 0), X(i, 1), Y(i, 0), Y(i, 1));
        });

        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }

    [Fact]
    public void Adamw_without_a_written_weight_decay_is_torch_adamw_with_pytorchs_0_01_and_a_written_0_is_0()
    {
        using var system = new AdamWDefaultsPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var d = new Critic();
        using var optA = optim.AdamW(a.parameters(), 1e-2, weight_decay: 0.01);
        using var optB = optim.AdamW(b.parameters(), 1e-2, weight_decay: 0);
        using var optD = optim.AdamW(d.parameters(), 1e-2, weight_decay: 0.01);

        Run(Steps, i =>
        {
            system.Step(new AdamWDefaultsPair.Batch(X(i, 0), X(i, 1), Y(i, 0), Y(i, 1)));
            HandWrittenAdversarialStep(a, b, e => d.call(e).Result, optA, optB, optD, 0.1, X(i, 0), X(i, 1), Y(i, 0), Y(i, 1));
        });

        ParameterState.AssertSame(a, system.A, "A (AdamW, weight decay not written: 0.01)");
        ParameterState.AssertSame(b, system.B, "B (AdamW, WeightDecay = 0)");
        ParameterState.AssertSame(d, system.D, "discriminator (AdamW: 0.01)");
    }

    /// <summary>
    /// Scenario 1's adversarial step done right, by hand: D on detached embeddings first, then the members through
    /// a fresh forward of the updated D.
    /// </summary>
    internal static void HandWrittenAdversarialStep(
        Encoder a, Encoder b, Func<Tensor, Tensor> discriminate,
        optim.Optimizer optA, optim.Optimizer optB, optim.Optimizer optD, double weight,
        Tensor xa, Tensor xb, Tensor ya, Tensor yb)
    {
        var oa = a.call(xa);
        var ob = b.call(xb);
        optD.zero_grad();
        var dLoss = AdversarialLosses.Discriminator(discriminate(oa.Embedding.detach()), discriminate(ob.Embedding.detach()));
        dLoss.backward();
        optD.step();

        optA.zero_grad();
        optB.zero_grad();
        var fool = AdversarialLosses.FoolDiscriminator(discriminate(oa.Embedding), fromA: true)
                   + AdversarialLosses.FoolDiscriminator(discriminate(ob.Embedding), fromA: false);
        var total = cross_entropy(oa.Result, ya) + cross_entropy(ob.Result, yb) + weight * fool;
        total.backward();
        optA.step();
        optB.step();
    }

    [Fact]
    public void Shared_standardised_outputs_match_a_hand_written_step()
    {
        using var system = new SharedNormPair(Seed);
        torch.manual_seed(Seed);
        using var a = new Encoder();
        using var b = new Encoder();
        using var optA = optim.Adam(a.parameters(), 1e-3);
        using var optB = optim.Adam(b.parameters(), 1e-3);

        Run(Steps, i =>
        {
            var ta = SyntheticBatches.Features(700 + i, BatchSize, 3);
            var tb = SyntheticBatches.Features(800 + i, BatchSize, 3);
            system.Step(new SharedNormPair.Batch(X(i, 0), ta, tb));

            optA.zero_grad();
            optB.zero_grad();
            var oa = a.call(X(i, 0));
            var ob = b.call(X(i, 0));
            var normalised = Normalizers.SharedStandardize(new[] { oa.Result, ob.Result }, SharedStatistics.PerSample, 1e-8);
            var total = mse_loss(normalised[0], ta) + mse_loss(normalised[1], tb)
                        + 0.05 * EmbeddingLosses.CosineDistance(oa.Embedding, ob.Embedding, 1e-8);
            total.backward();
            optA.step();
            optB.step();
        });

        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(b, system.B, "B");
    }
}
