using System;
using System.Linq;

namespace DslCrossReg.Tests.Numerics;

/// <summary>
/// The few float64 building blocks the reference implementations share, written out as loops so that they
/// share nothing with the TorchSharp code they check.
/// </summary>
public static class ReferenceMath
{
    public static double Dot(double[] x, double[] y)
    {
        double sum = 0;
        for (int j = 0; j < x.Length; j++) sum += x[j] * y[j];
        return sum;
    }

    public static double Norm(double[] x) => Math.Sqrt(Dot(x, x));

    public static double[] Subtract(double[] x, double[] y) => x.Select((v, j) => v - y[j]).ToArray();

    public static double LogSumExp(double[] x)
    {
        double max = x.Max();
        double sum = 0;
        foreach (var v in x) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    public static double[] LogSoftmax(double[] x)
    {
        double lse = LogSumExp(x);
        return x.Select(v => v - lse).ToArray();
    }

    /// <summary>log(1 + eˣ) without overflow.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    public static double Mean(double[] x) => x.Sum() / x.Length;
}
