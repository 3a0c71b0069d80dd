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
/// Each generated <c>Loss(batch)</c> against the library functions applied here to the members' own outputs for
/// the same batch: the same term names, each term bit-identical, and Total the sum of the member terms (the
/// discriminator's own loss is reported but belongs to its separate step, so it is not in Total).
/// </summary>
public class LossBreakdownTests
{
    private const long Seed = 5;
    private const int BatchSize = 6;

    private static readonly Tensor Xa = SyntheticBatches.Features(11, BatchSize, 6);
    private static readonly Tensor Xb = SyntheticBatches.Features(12, BatchSize, 6);
    private static readonly Tensor Ya = SyntheticBatches.Labels(13, BatchSize, 3);
    private static readonly Tensor Yb = SyntheticBatches.Labels(14, BatchSize, 3);

    private static void AssertBreakdown(LossBreakdown actual, params (string Name, Tensor Value)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal), actual.Terms.Keys.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var (name, value) in expected)
            Assert.True(ParameterState.BitEqual(value.detach(), actual.Terms[name].detach()),
                $"{name}: expected {value.ToDouble():R}, got {actual.Terms[name].ToDouble():R}.");
        double sum = expected.Where(e => !e.Name.EndsWith(".discriminator", StringComparison.Ordinal)).Sum(e => e.Value.ToDouble());
        Assert.Equal(sum, actual.Total.ToDouble(), 5);
    }

    [Fact]
    public void Embedding_distance()
    {
        using var system = new EmbeddingPair(Seed);
        using var loss = system.Loss(new EmbeddingPair.Batch(Xa, Xb, Ya, Yb));
        var oa = system.A.call(Xa);
        var ob = system.B.call(Xb);
        AssertBreakdown(loss,
            ("A.task", cross_entropy(oa.Result, Ya)),
            ("B.task", cross_entropy(ob.Result, Yb)),
            ("EmbeddingDistance(A,B)", 0.1 * EmbeddingLosses.Distance(oa.Embedding, ob.Embedding)));
    }

    [Fact]
    public void Contrastive_info_nce()
    {
        using var system = new InfoNcePair(Seed);
        using var loss = system.Loss(new InfoNcePair.Batch(Xa, Xb, Ya, Yb));
        var oa = system.A.call(Xa);
        var ob = system.B.call(Xb);
        AssertBreakdown(loss,
            ("A.task", cross_entropy(oa.Result, Ya)),
            ("B.task", cross_entropy(ob.Result, Yb)),
            ("Contrastive(A,B)", 0.2 * ContrastiveLosses.InfoNce(oa.Embedding, ob.Embedding, 0.5, 1e-8)));
    }

    [Fact]
    public void Contrastive_margin_with_pair_labels()
    {
        var pairs = SyntheticBatches.PairLabels(15, BatchSize);
        using var system = new LabelledPair(Seed);
        using var loss = system.Loss(new LabelledPair.Batch(Xa, Xb, Ya, Yb, pairs));
        var oa = system.A.call(Xa);
        var ob = system.B.call(Xb);
        AssertBreakdown(loss,
            ("A.task", cross_entropy(oa.Result, Ya)),
            ("B.task", cross_entropy(ob.Result, Yb)),
            ("Contrastive(A,B)", 0.3 * ContrastiveLosses.Margin(oa.Embedding, ob.Embedding, pairs, 0.2)));
    }

    [Fact]
    public void Distillation_l2()
    {
        using var system = new DistilledL2(Seed);
        using var loss = system.Loss(new DistilledL2.Batch(Xa, Xb, Ya, Yb));
        var ot = system.Teacher.call(Xa);
        var os = system.Student.call(Xb);
        AssertBreakdown(loss,
            ("Teacher.task", cross_entropy(ot.Result, Ya)),
            ("Student.task", cross_entropy(os.Result, Yb)),
            ("Distillation(Teacher,Student)", 0.5 * DistillationLosses.L2(os.Embedding, ot.Embedding)));
    }

    [Fact]
    public void Distillation_kl_from_a_frozen_teacher_has_no_teacher_task()
    {
        using var system = new DistilledKl(Seed);
        using var loss = system.Loss(new DistilledKl.Batch(Xa, Xb, StudentTarget: Yb));
        var ot = system.Teacher.call(Xa);
        var os = system.Student.call(Xb);
        AssertBreakdown(loss,
            ("Student.task", cross_entropy(os.Result, Yb)),
            ("Distillation(Teacher,Student)", 0.7 * DistillationLosses.Kl(os.Result, ot.Result, 3)));
    }

    [Fact]
    public void Parameter_distance()
    {
        using var system = new ParameterDiverse(Seed);
        using var loss = system.Loss(new ParameterDiverse.Batch(Xa, Xb, Yb));
        var ob = system.B.call(Xb);
        AssertBreakdown(loss,
            ("B.task", cross_entropy(ob.Result, Yb)),
            ("ParameterDistance(A,B)", 0.05 * ParameterDistance.InverseL1(system.B, system.A, 1e-6)));
    }

    [Fact]
    public void Output_disagreement()
    {
        using var system = new OutputDiverse(Seed);
        using var loss = system.Loss(new OutputDiverse.Batch(Xa, Xb, Ya, Yb));
        var oa = system.A.call(Xa);
        var ob = system.B.call(Xb);
        AssertBreakdown(loss,
            ("A.task", cross_entropy(oa.Result, Ya)),
            ("B.task", cross_entropy(ob.Result, Yb)),
            ("OutputDisagreement(A,B)", 0.2 * OutputDisagreement.InverseCrossEntropy(ob.Result, oa.Result, 1e-6)));
    }

    [Fact]
    public void Adversarial_reports_the_discriminator_loss_outside_the_total()
    {
        using var system = new AdversarialPair(Seed);
        using var loss = system.Loss(new AdversarialPair.Batch(Xa, Xb, Ya, Yb));
        var oa = system.A.call(Xa);
        var ob = system.B.call(Xb);
        Tensor D(Tensor e) => system.D.call(e).Result;
        AssertBreakdown(loss,
            ("A.task", cross_entropy(oa.Result, Ya)),
            ("B.task", cross_entropy(ob.Result, Yb)),
            ("Adversarial(A,B)", 0.1 * (AdversarialLosses.FoolDiscriminator(D(oa.Embedding), fromA: true)
                                        + AdversarialLosses.FoolDiscriminator(D(ob.Embedding), fromA: false))),
            ("Adversarial(A,B).discriminator", AdversarialLosses.Discriminator(D(oa.Embedding.detach()), D(ob.Embedding.detach()))));
    }

    [Fact]
    public void Shared_standardised_task_losses_and_cosine_distance()
    {
        var ta = SyntheticBatches.Features(16, BatchSize, 3);
        var tb = SyntheticBatches.Features(17, BatchSize, 3);
        using var system = new SharedNormPair(Seed);
        using var loss = system.Loss(new SharedNormPair.Batch(Xa, ta, tb));
        var oa = system.A.call(Xa);
        var ob = system.B.call(Xa);
        var normalised = Normalizers.SharedStandardize(new[] { oa.Result, ob.Result }, SharedStatistics.PerSample, 1e-8);
        AssertBreakdown(loss,
            ("A.task", mse_loss(normalised[0], ta)),
            ("B.task", mse_loss(normalised[1], tb)),
            ("EmbeddingDistance(A,B)", 0.05 * EmbeddingLosses.CosineDistance(oa.Embedding, ob.Embedding, 1e-8)));
    }

    [Fact]
    public void Standardised_task_losses()
    {
        var x = SyntheticBatches.Features(18, BatchSize, 4);
        var ta = SyntheticBatches.Features(19, BatchSize, 3);
        var tb = SyntheticBatches.Features(20, BatchSize, 3);
        using var system = new ScaleSensitivePair(Seed);
        using var loss = system.Loss(new ScaleSensitivePair.Batch(x, ta, tb));
        var oa = system.A.call(x);
        var ob = system.B.call(x);
        AssertBreakdown(loss,
            ("A.task", mse_loss(Normalizers.Standardize(oa.Result, 1e-8), ta)),
            ("B.task", mse_loss(Normalizers.Standardize(ob.Result, 1e-8), tb)),
            ("EmbeddingDistance(A,B)", 1.0 * EmbeddingLosses.Distance(oa.Embedding, ob.Embedding)));
    }

    [Fact]
    public void Loss_changes_no_parameter()
    {
        using var system = new AdversarialPair(Seed);
        var a = ParameterState.Copy(system.A);
        var d = ParameterState.Copy(system.D);
        using (system.Loss(new AdversarialPair.Batch(Xa, Xb, Ya, Yb))) { }
        ParameterState.AssertSame(a, system.A, "A");
        ParameterState.AssertSame(d, system.D, "D");
        Assert.Equal(0, system.StepCount);
    }
}
