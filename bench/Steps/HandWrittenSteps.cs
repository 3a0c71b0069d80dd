using System;
using DslCrossReg.Losses;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Bench.Steps;

// The baselines: the straightforward, best-practice TorchSharp loop a user writes by hand (dispose scope, zero_grad,
// forward, loss, backward, step), computing the same loss as the generated Step with the same library loss
// functions, so that the comparison measures the generated machinery and nothing else. Each one seeds and builds
// its modules in the generated constructor's order, so the same seed gives the same parameters (checked by
// StepCase.Verify, bit for bit).

/// <summary>A hand-written training step over two networks; returns the total loss, as a user logs it.</summary>
public abstract class HandWrittenStep : IDisposable
{
    /// <summary>One update on the batch.</summary>
    public abstract double Step(Tensor x0, Tensor x1, Tensor y0, Tensor y1);

    /// <summary>The two networks, in the generated system's member order.</summary>
    public abstract nn.Module[] Members { get; }

    /// <inheritdoc />
    public abstract void Dispose();
}

/// <summary>Two networks, Adam each, cross entropy each, plus w · EmbeddingDistance between their embeddings.</summary>
public sealed class HandWrittenEmbeddingStep : HandWrittenStep
{
    private readonly PlainNet a, b;
    private readonly optim.Optimizer optA, optB;
    private readonly double weight;

    /// <summary>Builds both networks from <paramref name="seed"/>.</summary>
    public HandWrittenEmbeddingStep(NetSize size, long seed, double weight = 0.1)
    {
        torch.manual_seed(seed);
        a = PlainNet.Of(size);
        b = PlainNet.Of(size);
        optA = optim.Adam(a.parameters(), 1e-3);
        optB = optim.Adam(b.parameters(), 1e-3);
        this.weight = weight;
    }

    /// <inheritdoc />
    public override double Step(Tensor x0, Tensor x1, Tensor y0, Tensor y1)
    {
        using var scope = torch.NewDisposeScope();
        var (ra, ea) = a.call(x0);
        var (rb, eb) = b.call(x1);
        optA.zero_grad();
        optB.zero_grad();
        var loss = cross_entropy(ra, y0) + cross_entropy(rb, y1) + weight * EmbeddingLosses.Distance(ea, eb);
        loss.backward();
        optA.step();
        optB.step();
        return loss.item<float>();
    }

    /// <inheritdoc />
    public override nn.Module[] Members => new nn.Module[] { a, b };

    /// <inheritdoc />
    public override void Dispose()
    {
        optA.Dispose();
        optB.Dispose();
        a.Dispose();
        b.Dispose();
    }
}

/// <summary>
/// Scenario 1's adversarial step done right by hand: two backward passes, the discriminator first on detached
/// embeddings, then both networks through the updated discriminator.
/// </summary>
public sealed class HandWrittenAdversarialStep : HandWrittenStep
{
    private readonly PlainNet a, b;
    private readonly DefaultDiscriminator d;
    private readonly optim.Optimizer optA, optB, optD;
    private readonly double weight;

    /// <summary>Builds both networks, then the discriminator, from <paramref name="seed"/>.</summary>
    public HandWrittenAdversarialStep(NetSize size, long seed, double weight = 0.1)
    {
        torch.manual_seed(seed);
        a = PlainNet.Of(size);
        b = PlainNet.Of(size);
        d = new DefaultDiscriminator(size == NetSize.Mlp ? 64 : 8);
        optA = optim.Adam(a.parameters(), 1e-3);
        optB = optim.Adam(b.parameters(), 1e-3);
        optD = optim.Adam(d.parameters(), 1e-3);
        this.weight = weight;
    }

    /// <inheritdoc />
    public override double Step(Tensor x0, Tensor x1, Tensor y0, Tensor y1)
    {
        using var scope = torch.NewDisposeScope();
        var (ra, ea) = a.call(x0);
        var (rb, eb) = b.call(x1);

        optD.zero_grad();
        var dLoss = AdversarialLosses.Discriminator(d.call(ea.detach()), d.call(eb.detach()));
        dLoss.backward();
        optD.step();

        optA.zero_grad();
        optB.zero_grad();
        var fool = AdversarialLosses.FoolDiscriminator(d.call(ea), fromA: true)
                   + AdversarialLosses.FoolDiscriminator(d.call(eb), fromA: false);
        var loss = cross_entropy(ra, y0) + cross_entropy(rb, y1) + weight * fool;
        loss.backward();
        optA.step();
        optB.step();
        return loss.item<float>();
    }

    /// <inheritdoc />
    public override nn.Module[] Members => new nn.Module[] { a, b };

    /// <inheritdoc />
    public override void Dispose()
    {
        optA.Dispose();
        optB.Dispose();
        optD.Dispose();
        a.Dispose();
        b.Dispose();
        d.Dispose();
    }
}

/// <summary>
/// A teacher trained on its own task and a student on its task plus w · L2 to the teacher's (detached) embedding.
/// The teacher's detached output lets both updates share one backward pass.
/// </summary>
public sealed class HandWrittenDistillationStep : HandWrittenStep
{
    private readonly PlainNet teacher, student;
    private readonly optim.Optimizer optT, optS;
    private readonly double weight;

    /// <summary>Builds the teacher, then the student, from <paramref name="seed"/>.</summary>
    public HandWrittenDistillationStep(NetSize size, long seed, double weight = 0.5)
    {
        torch.manual_seed(seed);
        teacher = PlainNet.Of(size);
        student = PlainNet.Of(size);
        optT = optim.Adam(teacher.parameters(), 1e-3);
        optS = optim.Adam(student.parameters(), 1e-3);
        this.weight = weight;
    }

    /// <inheritdoc />
    public override double Step(Tensor x0, Tensor x1, Tensor y0, Tensor y1)
    {
        using var scope = torch.NewDisposeScope();
        var (rt, et) = teacher.call(x0);
        var (rs, es) = student.call(x1);
        optT.zero_grad();
        optS.zero_grad();
        var loss = cross_entropy(rt, y0) + cross_entropy(rs, y1) + weight * DistillationLosses.L2(es, et);
        loss.backward();
        optT.step();
        optS.step();
        return loss.item<float>();
    }

    /// <inheritdoc />
    public override nn.Module[] Members => new nn.Module[] { teacher, student };

    /// <inheritdoc />
    public override void Dispose()
    {
        optT.Dispose();
        optS.Dispose();
        teacher.Dispose();
        student.Dispose();
    }
}
