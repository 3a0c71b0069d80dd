using System;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples;

/// <summary>Evaluation numbers of the examples, computed on a held-out split.</summary>
public static class Metrics
{
    /// <summary>The fraction of rows of <paramref name="logits"/> whose argmax equals <paramref name="labels"/>.</summary>
    public static double Accuracy(Tensor logits, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        return logits.argmax(1).eq(labels).to_type(ScalarType.Float64).mean().ToDouble();
    }

    /// <summary>The number of rows whose argmax differs from <paramref name="labels"/>.</summary>
    public static long Errors(Tensor logits, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        return logits.argmax(1).ne(labels).sum().ToInt64();
    }

    /// <summary>
    /// Cross-view retrieval recall@1: for each query row i, whether the most cosine-similar key row is row i itself.
    /// </summary>
    public static double RecallAt1(Tensor queries, Tensor keys)
    {
        using var scope = torch.NewDisposeScope();
        var q = nn.functional.normalize(queries, dim: 1);
        var k = nn.functional.normalize(keys, dim: 1);
        var nearest = q.matmul(k.t()).argmax(1);
        var expected = torch.arange(queries.shape[0], device: queries.device);
        return nearest.eq(expected).to_type(ScalarType.Float64).mean().ToDouble();
    }

    /// <summary>The fraction of rows where two members' argmax predictions differ.</summary>
    public static double Disagreement(Tensor logitsA, Tensor logitsB)
    {
        using var scope = torch.NewDisposeScope();
        return logitsA.argmax(1).ne(logitsB.argmax(1)).to_type(ScalarType.Float64).mean().ToDouble();
    }

    /// <summary>Accuracy of the ensemble that averages the members' softmax probabilities.</summary>
    public static double EnsembleAccuracy(Tensor labels, params Tensor[] logits)
    {
        using var scope = torch.NewDisposeScope();
        Tensor? sum = null;
        foreach (var l in logits) sum = sum is null ? l.softmax(1) : sum + l.softmax(1);
        return Accuracy(sum!, labels);
    }

    /// <summary>Fraction of the gap between the student alone and the teacher that distillation closed.</summary>
    public static double GapClosed(long studentAloneErrors, long distilledErrors, long teacherErrors)
        => studentAloneErrors == teacherErrors ? double.NaN : (double)(studentAloneErrors - distilledErrors) / (studentAloneErrors - teacherErrors);
}
