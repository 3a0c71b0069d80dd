using System;
using System.Globalization;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Bench.Steps;

/// <summary>
/// --alloc-probe: where a step's managed allocation goes, without timing anything. The managed bytes and minor page
/// faults per step of both sides of every step shape, the copy of the generated step phase by phase (<see cref="StepAblation"/>), and with
/// <c>--ops</c> the bytes single TorchSharp and library calls allocate, each averaged over 1,000 calls: what told that
/// TorchSharp's <c>shape</c> allocates an array and its marshalling on every read, a double argument a finalizable native
/// Scalar, <c>zero_()</c> a shape and a wrapper, and a dispose scope a set that grows with what it holds.
/// </summary>
public static class AllocationProbe
{
    public static void Run(bool ops)
    {
        BenchSettings.Apply();
        StepAblation.PrintAllocation();
        foreach (var shape in StepShape.All)
        {
            using var pair = PlainestCase.Create(shape);
            for (int i = 0; i < 30; i++) { pair.Generated(); pair.Plainest(); }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{shape.Label,-48} generated {PairedRatios.AllocatedPerStep(pair.Generated),8:F0} B, plainest {PairedRatios.AllocatedPerStep(pair.Plainest),8:F0} B; minor page faults per step {FaultsPerStep(pair.Generated),6:F1} vs {FaultsPerStep(pair.Plainest),6:F1}"));
        }
        if (!ops) return;
        {
            torch.manual_seed(1);
            var net = new MlpNet();
            var other = new MlpNet();
            using var buffer = new DslCrossReg.Training.ParameterBuffer(net);
            using var adam = DslCrossReg.Training.Optimizers.Create(OptimizerKind.Adam, buffer.Flat, 1e-3);
            using var transaction = new DslCrossReg.Training.StepTransaction(new (string, nn.Module)[] { ("A", net), ("B", other) });
            using var input = torch.randn(128, 784);
            using var labels = torch.randint(0, 10, new long[] { 128 }, ScalarType.Int64);
            var device = torch.CPU;
            Probe("BatchChecks.Input", () => DslCrossReg.Training.BatchChecks.Input("A", input, "MlpNet", MlpNet.InputTensorShape, device));
            Probe("BatchChecks.SameBatch", () => DslCrossReg.Training.BatchChecks.SameBatch("B", input, "A", 128));
            Probe("TaskLosses.Validate", () => DslCrossReg.Training.TaskLosses.Validate(TaskLoss.CrossEntropy, "T", labels, 128, new long[] { 10 }, device));
            Probe("net.call in scope (with scope)", () => { using var s = torch.NewDisposeScope(); net.call(input); });
            Probe("ParameterBuffer.Zero", () => buffer.Zero());
            Probe("ParameterBuffer.AllFinite", () => buffer.AllFinite());
            Probe("transaction.Begin", () => transaction.Begin());
            Probe("transaction.FirstNonFiniteBuffer", () => transaction.FirstNonFiniteBuffer());
            Probe("adam.step", () => adam.step());
            Probe("scope + forward + CE loss", () => { using var s = torch.NewDisposeScope(); var o = net.call(input); DslCrossReg.Training.TaskLosses.Compute(TaskLoss.CrossEntropy, o.Result, labels, "T"); });
            Probe("scope + forward + CE + backward", () => { using var s = torch.NewDisposeScope(); var o = net.call(input); DslCrossReg.Training.TaskLosses.Compute(TaskLoss.CrossEntropy, o.Result, labels, "T").backward(); });
            Probe("scope + 2 fwd + Distance", () => { using var s = torch.NewDisposeScope(); var o = net.call(input); var p = other.call(input); DslCrossReg.Losses.EmbeddingLosses.Distance(o.Embedding, p.Embedding); });
            Probe("scope + 2 fwd + 0.1*Distance", () => { using var s = torch.NewDisposeScope(); var o = net.call(input); var p = other.call(input); var d = 0.1 * DslCrossReg.Losses.EmbeddingLosses.Distance(o.Embedding, p.Embedding); });
            var critic = new DslCrossReg.Training.DefaultDiscriminator(64);
            using var criticBuffer = new DslCrossReg.Training.ParameterBuffer(critic);
            using var criticAdam = DslCrossReg.Training.Optimizers.Create(OptimizerKind.Adam, criticBuffer.Flat, 1e-3);
            using var adversarial = new DslCrossReg.Training.StepTransaction(new (string, nn.Module)[] { ("A", net), ("B", other), ("D", critic) }, criticBuffer, criticAdam);
            using var embedding = torch.randn(128, 64);
            { using var s = torch.NewDisposeScope(); critic.call(embedding).sum().backward(); criticAdam.step(); }
            Probe("Gradients.Disabled(discriminator)", () => { using (DslCrossReg.Training.Gradients.Disabled(critic)) { } });
            Probe("discriminator.call, disposed", () => { using var t = critic.call(embedding); });
            Probe("AdversarialLosses.Discriminator (2 calls inside)", () => { using var s = torch.NewDisposeScope(); DslCrossReg.Losses.AdversarialLosses.Discriminator(critic.call(embedding), critic.call(embedding)); });
            Probe("AdversarialLosses.FoolDiscriminator, disposed", () => { using var l = critic.call(embedding); using var t = DslCrossReg.Losses.AdversarialLosses.FoolDiscriminator(l, true); });
            Probe("transaction.BeforeDiscriminatorStep", () => adversarial.BeforeDiscriminatorStep());
            Probe("embedding.detach(), disposed", () => { using var t = embedding.detach(); });
            using var one = torch.ones(1);
            var dict = new System.Collections.Generic.Dictionary<string, Tensor> { ["A.task"] = one, ["B.task"] = one, ["Distance"] = one };
            Probe("LossBreakdown + ToDoubles (3 terms)", () => { var l = new DslCrossReg.Training.LossBreakdown(one, dict); l.ToDoubles(); });
            Probe("new Dictionary + 3 adds", () => { var d = new System.Collections.Generic.Dictionary<string, Tensor>(); d.Add("A.task", input); d.Add("B.task", input); d.Add("X", input); });
        }
        using var a = torch.randn(128, 64);
        using var b = torch.randn(128, 64);
        using var x = torch.randn(128, 784);
        using var y = torch.randint(0, 10, new long[] { 128 }, ScalarType.Int64);
        using var lin = nn.Linear(784, 256);
        var relu = nn.ReLU();
        var scalar = 0.1.ToScalar();
        Probe("NewDisposeScope + Dispose", () => { using var s = torch.NewDisposeScope(); });
        Probe("a.add(b) in a scope (scope's cost included)", () => { using var s = torch.NewDisposeScope(); a.add(b); });
        Probe("a.add(b), disposed", () => { using var t = a.add(b); });
        Probe("a.mul(0.1) double, disposed", () => { using var t = a.mul(0.1); });
        Probe("a.mul(scalar) cached Scalar, disposed", () => { using var t = a.mul(scalar); });
        Probe("a.add_(b)", () => { a.add_(b); });
        Probe("a.shape", () => { var s = a.shape; });
        Probe("a.size(0)", () => { var s = a.size(0); });
        Probe("a.dim()", () => { var s = a.dim(); });
        Probe("a.dtype", () => { var s = a.dtype; });
        Probe("a.device_type", () => { var s = a.device_type; });
        Probe("a.sum().item<float>()", () => { using var t = a.sum(); t.item<float>(); });
        Probe("ToDouble", () => { using var t = a.sum(); t.ToDouble(); });
        Probe("lin.call(x), disposed", () => { using var t = lin.call(x); });
        Probe("lin.forward(x), disposed", () => { using var t = lin.forward(x); });
        Probe("relu.call(a), disposed", () => { using var t = relu.call(a); });
        Probe("functional.relu(a), disposed", () => { using var t = nn.functional.relu(a); });
        Probe("cross_entropy, disposed", () => { using var l = torch.randn(128, 10); using var t = nn.functional.cross_entropy(l, y); });
        Probe("randn(128,10) alone", () => { using var l = torch.randn(128, 10); });
        Probe("isfinite().all().item<bool>()", () => { using var f = a.isfinite(); using var al = f.all(); al.item<bool>(); });
        Probe("a.requires_grad", () => { var r = a.requires_grad; });
        Probe("torch.no_grad()", () => { using var g = torch.no_grad(); });
        foreach (int n in new[] { 10, 50, 150 })
        {
            Probe($"scope with {n} adds", () => { using var s = torch.NewDisposeScope(); for (int i = 0; i < n; i++) a.add(b); });
            var kept = new DslCrossReg.Training.StepScope();
            Probe($"kept-set scope with {n} adds", () => { using var s = kept.Open(); for (int i = 0; i < n; i++) a.add(b); });
            Probe($"{n} adds disposed", () => { for (int i = 0; i < n; i++) a.add(b).Dispose(); });
        }
        using var w = torch.randn(new long[] { 64, 784 }, requires_grad: true);
        Probe("forward+backward (mm, sum)", () => { using var s = torch.NewDisposeScope(); var o = x.mm(w.t()).sum(); o.backward(); w.grad!.zero_(); });
        Probe("a.zero_() disposed", () => { using (a.zero_()) { } });
        Probe("a.fill_(0)", () => { a.fill_(0); });
        using var wg = torch.zeros(64, 784);
        Probe("w.grad = wg", () => { w.grad = wg; });
        Probe("w.grad get, disposed", () => { using var g = w.grad; });
        Probe("a.relu_()", () => { a.relu_(); });
        Probe("a.norm(1, p: 2f)", () => { using var t = a.norm(1, p: 2f); });
    }

    private static double FaultsPerStep(Func<double> step)
    {
        long before = PlainestRace.MinorFaults();
        for (int i = 0; i < 50; i++) step();
        return (PlainestRace.MinorFaults() - before) / 50.0;
    }

    private static void Probe(string name, Action action)
    {
        for (int i = 0; i < 100; i++) action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) action();
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {bytes,6} B"));
    }
}
