using System;
using System.Linq;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Layers;

[Collection(SeededTests.Name)]
public class TrainEvalModeTests
{
    [Fact]
    public void Dropout_zeroes_about_p_in_train_and_is_the_identity_in_eval()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        using var net = (Input(1000) >> Dropout(0.5)).Build("Drop");
        var x = torch.rand(4, 1000) + 1;
        var xs = Float64.Values(x);

        net.train();
        var trained = Float64.Values(net.call(x).Result);
        int zeros = trained.Count(v => v == 0);
        Assert.InRange(zeros / 4000.0, 0.45, 0.55);
        // Survivors are scaled by 1 / (1 − p) = 2.
        for (int i = 0; i < xs.Length; i++)
            if (trained[i] != 0) Assert.Equal(2 * xs[i], trained[i], 1e-6);
        Assert.NotEqual(trained, Float64.Values(net.call(x).Result));

        net.eval();
        Assert.Equal(xs, Float64.Values(net.call(x).Result));
        Assert.Equal(xs, Float64.Values(net.call(x).Result));
    }

    [Fact]
    public void BatchNorm_uses_batch_statistics_in_train_and_running_statistics_in_eval()
    {
        using var scope = torch.NewDisposeScope();
        double[,] x = { { 1.0, -2.0, 0.5 }, { 3.0, 0.0, 0.5 }, { -1.0, 4.0, 1.5 }, { 2.0, 1.0, -0.5 } };
        const double eps = 1e-5, momentum = 0.1;
        int n = x.GetLength(0), f = x.GetLength(1);
        using var net = (Input(3) >> BatchNorm1d).Build("Norm");
        var input = Float64.Matrix(x).to(ScalarType.Float32);

        net.train();
        var trained = Float64.Values2D(net.call(input).Result);
        var runningMean = new double[f];
        var runningVar = new double[f];
        for (int j = 0; j < f; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += x[i, j];
            mean /= n;
            double sq = 0;
            for (int i = 0; i < n; i++) sq += (x[i, j] - mean) * (x[i, j] - mean);
            // Normalises with the biased variance, but tracks the unbiased one.
            for (int i = 0; i < n; i++) Assert.Equal((x[i, j] - mean) / Math.Sqrt(sq / n + eps), trained[i, j], 1e-5);
            runningMean[j] = (1 - momentum) * 0 + momentum * mean;
            runningVar[j] = (1 - momentum) * 1 + momentum * sq / (n - 1);
        }
        Assert.Equal(runningMean, Float64.Values(Buffer(net, "batchnorm1d0.running_mean")), new Tolerance(1e-6));
        Assert.Equal(runningVar, Float64.Values(Buffer(net, "batchnorm1d0.running_var")), new Tolerance(1e-6));

        net.eval();
        var evaluated = Float64.Values2D(net.call(input).Result);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < f; j++)
                Assert.Equal((x[i, j] - runningMean[j]) / Math.Sqrt(runningVar[j] + eps), evaluated[i, j], 1e-5);
        // Eval leaves the statistics alone.
        Assert.Equal(runningMean, Float64.Values(Buffer(net, "batchnorm1d0.running_mean")), new Tolerance(1e-6));
    }

    private static Tensor Buffer(nn.Module net, string name) => net.named_buffers().Single(b => b.name == name).buffer;

    private sealed class Tolerance : System.Collections.Generic.IEqualityComparer<double>
    {
        private readonly double tolerance;

        public Tolerance(double tolerance) => this.tolerance = tolerance;

        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}
