using System;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DocSamples.Systems;

public static class UsingASystem
{
    /// <summary>The systems page's tour of a generated system: left [N, 1, 28, 14], right [N, 392], labels [N].</summary>
    public static (StepResult Step, double Distance, long[] EmbeddingShape) Tour(Tensor left, Tensor right, Tensor labels)
    {
        #region step
        using var system = new TwoViews(seed: 42);                  // members seeded in declaration order, on the CPU
        var batch = new TwoViews.Batch(Left: left, Right: right, LeftTarget: labels, RightTarget: labels);

        StepResult r = system.Step(batch);                           // one update of both members
        Console.WriteLine(r);                                        // step 1: total … (Left.task …, Right.task …, …)
        double task = r.Terms["Left.task"];                          // plain doubles: the step's tensors are freed

        using (LossBreakdown loss = system.Loss(batch))              // the same terms as tensors, nothing updated
            Console.WriteLine(loss.Terms["EmbeddingDistance(Left,Right)"].ToDouble());

        using (torch.NewDisposeScope())
        {
            TwoViews.Outputs outputs = system.Evaluate(new TwoViews.Batch(left, right));   // eval mode, no targets
            Tensor embedding = outputs.Left.Embedding;                                       // [N, 32]
        }
        #endregion

        using var scope = torch.NewDisposeScope();
        double distance;
        using (var loss = system.Loss(batch)) distance = loss.Terms["EmbeddingDistance(Left,Right)"].ToDouble();
        var shape = system.Evaluate(new TwoViews.Batch(left, right)).Left.Embedding.shape;
        return (r, distance, shape);
    }

    #region generic
    static double Run<TBatch, TOutputs>(ITrainingSystem<TBatch, TOutputs> system, TBatch batch) => system.Step(batch).Total;

    // Needs the system's own type too (its member properties): the self-typed interface names all three.
    static TResult Inspect<TSystem, TBatch, TOutputs, TResult>(ITrainingSystem<TSystem, TBatch, TOutputs> system, TBatch batch,
        Func<TSystem, TOutputs, TResult> read) where TSystem : ITrainingSystem<TSystem, TBatch, TOutputs>
        => read(system.Self, system.Evaluate(batch));
    #endregion

    /// <summary>The generic helpers, called without type arguments; returns the step's total and the embedding's width.</summary>
    public static (double Total, long Width) Generic(TwoViews system, TwoViews.Batch batch)
    {
        using var scope = torch.NewDisposeScope();
        #region generic-call
        double total = Run(system, batch);
        long width = Inspect(system, batch, (s, o) => o.Left.Embedding.shape[1]);
        #endregion
        return (total, width);
    }
}
