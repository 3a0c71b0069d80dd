using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Bench.Systems;
using DslCrossReg.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace DslCrossReg.Bench.Steps;

/// <summary>The networks of the step measurements.</summary>
public enum NetKind
{
    /// <summary>784 → 256 ReLU → 64 ("embedding") ReLU → 10.</summary>
    Mlp,

    /// <summary>1×28×28 → Conv2d(32, 3) ReLU MaxPool2d(2) Flatten → 128 ("embedding") → 10.</summary>
    Conv,

    /// <summary>8 → 8 ("embedding") ReLU → 8: the fixed cost of each call dominates.</summary>
    Tiny,
}

/// <summary>One measured configuration: the cross method, the networks, how many members and the batch size.</summary>
public sealed record StepShape(StepMethod Method, NetKind Net, int Members, int Batch)
{
    /// <summary>
    /// Every configuration issue 12 asks for: each method on the MLP, conv and tiny pairs; the MLP pair at batch 32
    /// and 1,024; four and eight MLPs (every pair of members an EmbeddingDistance term).
    /// </summary>
    public static IReadOnlyList<StepShape> All { get; } = new[]
    {
        new StepShape(StepMethod.EmbeddingDistance, NetKind.Mlp, 2, 128),
        new StepShape(StepMethod.Adversarial, NetKind.Mlp, 2, 128),
        new StepShape(StepMethod.Distillation, NetKind.Mlp, 2, 128),
        new StepShape(StepMethod.EmbeddingDistance, NetKind.Conv, 2, 128),
        new StepShape(StepMethod.Adversarial, NetKind.Conv, 2, 128),
        new StepShape(StepMethod.Distillation, NetKind.Conv, 2, 128),
        new StepShape(StepMethod.EmbeddingDistance, NetKind.Tiny, 2, 8),
        new StepShape(StepMethod.Adversarial, NetKind.Tiny, 2, 8),
        new StepShape(StepMethod.Distillation, NetKind.Tiny, 2, 8),
        new StepShape(StepMethod.EmbeddingDistance, NetKind.Mlp, 2, 32),
        new StepShape(StepMethod.EmbeddingDistance, NetKind.Mlp, 2, 1024),
        new StepShape(StepMethod.EmbeddingDistance, NetKind.Mlp, 4, 128),
        new StepShape(StepMethod.EmbeddingDistance, NetKind.Mlp, 8, 128),
    };

    /// <summary>The issue's target for generated / plainest: 0.9 on the tiny pair (overhead is all there is), 1.0 elsewhere.</summary>
    public double Target => Net == NetKind.Tiny ? 0.90 : 1.00;

    /// <summary>"EmbeddingDistance, MLP pair, batch 128" or "EmbeddingDistance, 4 MLPs, batch 128".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture,
        $"{Method}, {(Members == 2 ? NetName + " pair" : Members + " " + NetName + "s")}, batch {Batch:N0}");

    private string NetName => Net switch { NetKind.Mlp => "MLP", NetKind.Conv => "conv", _ => "tiny" };

    /// <inheritdoc />
    public override string ToString() => Label;
}

/// <summary>
/// A generated system and the plainest loop a TorchSharp user writes for the same training, built from the same seed
/// (the same initial parameters), with one fixed batch per member. The loop is the issue's: the layers as
/// <c>nn.Linear</c>/<c>nn.Conv2d</c> fields called with <c>forward</c>, functional activations,
/// <c>optim.Adam(module.parameters())</c> per network, <c>zero_grad()</c>, the loss written out
/// (<c>(ea - eb).pow(2).sum(1).sqrt().mean()</c>, <c>binary_cross_entropy_with_logits</c>), <c>backward</c>, one
/// <c>step</c> per optimizer and <c>item&lt;float&gt;()</c>, no library helper, inside
/// <c>using var scope = torch.NewDisposeScope()</c>: the one line TorchSharp's documentation asks of every training loop.
/// Without it (<c>scoped: false</c>, as <c>--plainest-race</c> also measures) the loop's tensors wait for the garbage
/// collector, which does not see their native memory: a run over every shape with such a loop was killed by the
/// kernel's OOM killer at 24 GB resident on this 24 GiB machine. Its distance has no guard at zero and its BCE another formula
/// than the library's, so the two sides agree to float precision, not bit for bit: <see cref="Verify"/> checks that.
/// (<see cref="StepCase"/> is the bit-for-bit twin, written with the library's loss functions.)
/// </summary>
public sealed class PlainestCase : IDisposable
{
    private readonly List<IDisposable> owned = new();
    private nn.Module[] generatedMembers = Array.Empty<nn.Module>();
    private nn.Module[] plainMembers = Array.Empty<nn.Module>();
    private Func<StepResult> generatedStep = null!;

    private PlainestCase(StepShape shape) => Shape = shape;

    /// <summary>What this case measures.</summary>
    public StepShape Shape { get; }

    /// <summary>The plainest loop's step; returns the loss as a user logs it.</summary>
    public Func<double> Plainest { get; private set; } = null!;

    /// <summary>One generated Step; throws if it was not applied (a skipped step would be cheaper work).</summary>
    public double Generated()
    {
        var result = generatedStep();
        if (!result.Applied) throw new InvalidOperationException("The generated step was not applied: " + result.NonFiniteTerm);
        return result.Total;
    }

    /// <summary>Builds both sides of <paramref name="shape"/> from <paramref name="seed"/>; <paramref name="scoped"/>: the loop opens a dispose scope per step.</summary>
    public static PlainestCase Create(StepShape shape, long seed = 42, bool scoped = true)
    {
        var c = new PlainestCase(shape);
        var x = Enumerable.Range(0, shape.Members).Select(i => c.Own(Input(shape.Net, i + 1, shape.Batch))).ToArray();
        var y = Enumerable.Range(0, shape.Members).Select(i => c.Own(BenchData.Labels(100 + i, shape.Batch, shape.Net == NetKind.Tiny ? 8 : 10))).ToArray();
        c.BindGenerated(shape, seed, x, y);
        torch.manual_seed(seed);
        var nets = Enumerable.Range(0, shape.Members).Select(_ => c.Own(UserNet(shape.Net))).ToArray();
        c.plainMembers = nets;
        switch (shape.Method)
        {
            case StepMethod.EmbeddingDistance:
                c.Plainest = c.EmbeddingLoop(nets, x, y);
                break;
            case StepMethod.Adversarial:
                c.Plainest = c.AdversarialLoop(nets, x, y, shape.Net);
                break;
            default:
                c.Plainest = c.DistillationLoop(nets, x, y);
                break;
        }
        if (scoped)
        {
            var loop = c.Plainest;
            c.Plainest = () =>
            {
                using var scope = torch.NewDisposeScope();
                return loop();
            };
        }
        return c;
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps of each side and throws unless the losses agree to 1e-5 (relative) and, at
    /// the end, every member parameter to 1e-4 (relative to the tensor's largest value): a race of different work is
    /// worthless.
    /// </summary>
    public void Verify(int steps = 3)
    {
        for (int i = 0; i < steps; i++)
        {
            double g = Generated(), p = Plainest();
            if (Math.Abs(g - p) > 1e-5 * Math.Max(1, Math.Abs(p)))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Shape}, step {i}: generated loss {g:R}, plainest {p:R}."));
        }
        for (int m = 0; m < generatedMembers.Length; m++)
        {
            var gp = generatedMembers[m].parameters().ToList();
            var pp = plainMembers[m].parameters().ToList();
            if (gp.Count != pp.Count) throw new InvalidOperationException($"{Shape}, member {m}: {gp.Count} vs {pp.Count} parameters.");
            for (int i = 0; i < gp.Count; i++)
            {
                using var difference = (gp[i] - pp[i]).abs().max();
                using var scale = pp[i].abs().max();
                if (!gp[i].shape.SequenceEqual(pp[i].shape) || difference.item<float>() > 1e-4 * Math.Max(1, scale.item<float>()))
                    throw new InvalidOperationException($"{Shape}, member {m}, parameter {i}: generated and plainest differ after {steps} steps.");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        // The plainest loop's tensors wait for the finalizer; free them before the next case is measured.
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    private static Tensor Input(NetKind net, long seed, int batch) => net switch
    {
        NetKind.Mlp => BenchData.Features(seed, batch, 784),
        NetKind.Conv => BenchData.Features(seed, batch, 784).view(batch, 1, 28, 28),
        _ => BenchData.Features(seed, batch, 8),
    };

    private static nn.Module<Tensor, (Tensor Result, Tensor Embedding)> UserNet(NetKind net) => net switch
    {
        NetKind.Mlp => new UserMlp(),
        NetKind.Conv => new UserConv(),
        _ => new UserTiny(),
    };

    private void BindGenerated(StepShape shape, long seed, Tensor[] x, Tensor[] y)
    {
        void Bind(IDisposable system, Func<StepResult> step, params nn.Module[] members)
        {
            Own(system);
            generatedStep = step;
            generatedMembers = members;
        }

        switch (shape.Method, shape.Net, shape.Members)
        {
            case (StepMethod.EmbeddingDistance, NetKind.Mlp, 2):
            {
                var s = new MlpEmbeddingPair(seed);
                var b = new MlpEmbeddingPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.A, s.B);
                break;
            }
            case (StepMethod.Adversarial, NetKind.Mlp, 2):
            {
                var s = new MlpAdversarialPair(seed);
                var b = new MlpAdversarialPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.A, s.B);
                break;
            }
            case (StepMethod.Distillation, NetKind.Mlp, 2):
            {
                var s = new MlpDistilledPair(seed);
                var b = new MlpDistilledPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.Teacher, s.Student);
                break;
            }
            case (StepMethod.EmbeddingDistance, NetKind.Conv, 2):
            {
                var s = new ConvEmbeddingPair(seed);
                var b = new ConvEmbeddingPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.A, s.B);
                break;
            }
            case (StepMethod.Adversarial, NetKind.Conv, 2):
            {
                var s = new ConvAdversarialPair(seed);
                var b = new ConvAdversarialPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.A, s.B);
                break;
            }
            case (StepMethod.Distillation, NetKind.Conv, 2):
            {
                var s = new ConvDistilledPair(seed);
                var b = new ConvDistilledPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.Teacher, s.Student);
                break;
            }
            case (StepMethod.EmbeddingDistance, NetKind.Tiny, 2):
            {
                var s = new TinyEmbeddingPair(seed);
                var b = new TinyEmbeddingPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.A, s.B);
                break;
            }
            case (StepMethod.Adversarial, NetKind.Tiny, 2):
            {
                var s = new TinyAdversarialPair(seed);
                var b = new TinyAdversarialPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.A, s.B);
                break;
            }
            case (StepMethod.Distillation, NetKind.Tiny, 2):
            {
                var s = new TinyDistilledPair(seed);
                var b = new TinyDistilledPair.Batch(x[0], x[1], y[0], y[1]);
                Bind(s, () => s.Step(b), s.Teacher, s.Student);
                break;
            }
            case (StepMethod.EmbeddingDistance, NetKind.Mlp, 4):
            {
                var s = new MlpQuartet(seed);
                var b = new MlpQuartet.Batch(x[0], x[1], x[2], x[3], y[0], y[1], y[2], y[3]);
                Bind(s, () => s.Step(b), s.A, s.B, s.C, s.D);
                break;
            }
            case (StepMethod.EmbeddingDistance, NetKind.Mlp, 8):
            {
                var s = new MlpOctet(seed);
                var b = new MlpOctet.Batch(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]);
                Bind(s, () => s.Step(b), s.A, s.B, s.C, s.D, s.E, s.F, s.G, s.H);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "No generated system for this shape.");
        }
    }

    // The plainest loops. Each term is added in the generated total's order (task losses, then the cross terms pair by
    // pair), so the two totals round alike.

    private Func<double> EmbeddingLoop(nn.Module<Tensor, (Tensor Result, Tensor Embedding)>[] nets, Tensor[] x, Tensor[] y)
    {
        var optimizers = nets.Select(n => Own(optim.Adam(n.parameters(), 1e-3))).ToArray();
        return () =>
        {
            var outputs = new (Tensor Result, Tensor Embedding)[nets.Length];
            for (int i = 0; i < nets.Length; i++) outputs[i] = nets[i].forward(x[i]);
            foreach (var optimizer in optimizers) optimizer.zero_grad();
            var loss = cross_entropy(outputs[0].Result, y[0]);
            for (int i = 1; i < nets.Length; i++) loss = loss + cross_entropy(outputs[i].Result, y[i]);
            for (int i = 0; i < nets.Length; i++)
                for (int j = i + 1; j < nets.Length; j++)
                    loss = loss + 0.1 * (outputs[i].Embedding - outputs[j].Embedding).pow(2).sum(1).sqrt().mean();
            loss.backward();
            foreach (var optimizer in optimizers) optimizer.step();
            return loss.item<float>();
        };
    }

    private Func<double> AdversarialLoop(nn.Module<Tensor, (Tensor Result, Tensor Embedding)>[] nets, Tensor[] x, Tensor[] y, NetKind net)
    {
        var (a, b) = (nets[0], nets[1]);
        var d = Own(new Critic(net == NetKind.Mlp ? 64 : net == NetKind.Conv ? 128 : 8));
        var optA = Own(optim.Adam(a.parameters(), 1e-3));
        var optB = Own(optim.Adam(b.parameters(), 1e-3));
        var optD = Own(optim.Adam(d.parameters(), 1e-3));
        return () =>
        {
            var (ra, ea) = a.forward(x[0]);
            var (rb, eb) = b.forward(x[1]);
            // The discriminator on detached embeddings (A labelled 0, B 1), then both networks through it.
            optD.zero_grad();
            var la = d.forward(ea.detach());
            var lb = d.forward(eb.detach());
            var dLoss = binary_cross_entropy_with_logits(la, zeros_like(la)) + binary_cross_entropy_with_logits(lb, ones_like(lb));
            dLoss.backward();
            optD.step();
            optA.zero_grad();
            optB.zero_grad();
            var fa = d.forward(ea);
            var fb = d.forward(eb);
            var fool = binary_cross_entropy_with_logits(fa, ones_like(fa)) + binary_cross_entropy_with_logits(fb, zeros_like(fb));
            var loss = cross_entropy(ra, y[0]) + cross_entropy(rb, y[1]) + 0.1 * fool;
            loss.backward();
            optA.step();
            optB.step();
            return loss.item<float>();
        };
    }

    private Func<double> DistillationLoop(nn.Module<Tensor, (Tensor Result, Tensor Embedding)>[] nets, Tensor[] x, Tensor[] y)
    {
        var (teacher, student) = (nets[0], nets[1]);
        var optT = Own(optim.Adam(teacher.parameters(), 1e-3));
        var optS = Own(optim.Adam(student.parameters(), 1e-3));
        return () =>
        {
            var (rt, et) = teacher.forward(x[0]);
            var (rs, es) = student.forward(x[1]);
            optT.zero_grad();
            optS.zero_grad();
            var loss = cross_entropy(rt, y[0]) + cross_entropy(rs, y[1]) + 0.5 * (es - et.detach()).pow(2).sum(1).sqrt().mean();
            loss.backward();
            optT.step();
            optS.step();
            return loss.item<float>();
        };
    }

    /// <summary>The default discriminator's layers, as a user writes them: Linear(width, 64), LeakyReLU(0.2), Linear(64, 1).</summary>
    private sealed class Critic : nn.Module<Tensor, Tensor>
    {
        private readonly Linear hidden;
        private readonly Linear logit;

        public Critic(int width) : base(nameof(Critic))
        {
            hidden = nn.Linear(width, 64);
            logit = nn.Linear(64, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => logit.forward(leaky_relu(hidden.forward(input), 0.2));
    }

    /// <summary>MlpNet as a user writes it: three linear layers.</summary>
    private sealed class UserMlp : nn.Module<Tensor, (Tensor Result, Tensor Embedding)>
    {
        private readonly Linear l1 = nn.Linear(784, 256);
        private readonly Linear l2 = nn.Linear(256, 64);
        private readonly Linear l3 = nn.Linear(64, 10);

        public UserMlp() : base(nameof(UserMlp)) => RegisterComponents();

        public override (Tensor Result, Tensor Embedding) forward(Tensor input)
        {
            var embedding = l2.forward(relu(l1.forward(input)));
            return (l3.forward(relu(embedding)), embedding);
        }
    }

    /// <summary>ConvNet as a user writes it.</summary>
    private sealed class UserConv : nn.Module<Tensor, (Tensor Result, Tensor Embedding)>
    {
        private readonly Conv2d conv = nn.Conv2d(1, 32, 3);
        private readonly Linear l1 = nn.Linear(32 * 13 * 13, 128);
        private readonly Linear l2 = nn.Linear(128, 10);

        public UserConv() : base(nameof(UserConv)) => RegisterComponents();

        public override (Tensor Result, Tensor Embedding) forward(Tensor input)
        {
            var embedding = l1.forward(max_pool2d(relu(conv.forward(input)), 2).flatten(1));
            return (l2.forward(embedding), embedding);
        }
    }

    /// <summary>TinyNet as a user writes it.</summary>
    private sealed class UserTiny : nn.Module<Tensor, (Tensor Result, Tensor Embedding)>
    {
        private readonly Linear l1 = nn.Linear(8, 8);
        private readonly Linear l2 = nn.Linear(8, 8);

        public UserTiny() : base(nameof(UserTiny)) => RegisterComponents();

        public override (Tensor Result, Tensor Embedding) forward(Tensor input)
        {
            var embedding = l1.forward(input);
            return (l2.forward(relu(embedding)), embedding);
        }
    }
}
