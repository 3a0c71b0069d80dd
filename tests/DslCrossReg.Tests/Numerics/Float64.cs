using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Numerics;

/// <summary>Float64 tensors from hand-written arrays and back, for tests that compare against plain loops.</summary>
public static class Float64
{
    public static Tensor Matrix(double[,] values)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var flat = new double[rows * columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                flat[i * columns + j] = values[i, j];
        return torch.tensor(flat, new long[] { rows, columns }, ScalarType.Float64);
    }

    public static Tensor Vector(params double[] values) => torch.tensor(values, ScalarType.Float64);

    public static double[] Values(Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        return t.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    public static double[,] Values2D(Tensor t)
    {
        if (t.dim() != 2) throw new ArgumentException($"expected rank 2, got {t.dim()}", nameof(t));
        var flat = Values(t);
        int rows = (int)t.shape[0], columns = (int)t.shape[1];
        var result = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                result[i, j] = flat[i * columns + j];
        return result;
    }

    public static double Scalar(Tensor t)
    {
        if (t.numel() != 1) throw new ArgumentException($"expected a scalar, got {t.numel()} elements", nameof(t));
        return Values(t)[0];
    }

    public static double[] Row(double[,] m, int i) => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray();
}
