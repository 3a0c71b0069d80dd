using System;
using DocSamples.Systems;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DocSamples.Readme;

public static class FrontPage
{
    /// <summary>The README's lines: x [N, 1, 28, 14], xl and xr the two views, y the labels.</summary>
    public static (long[] Embedding, int Width, StepResult Step) Run(Tensor x, Tensor xl, Tensor xr, Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        #region network-use
        using var net = new LeftView();                 // a TorchSharp Module<Tensor, LeftView.Output>
        LeftView.Output output = net.call(x);           // output.Result [N, 10], output.Embedding [N, 32]
        int width = LeftView.EmbeddingSize;             // 32, a compile-time constant
        #endregion

        #region system-use
        using var system = new TwoViews(seed: 42);
        StepResult r = system.Step(new TwoViews.Batch(Left: xl, Right: xr, LeftTarget: y, RightTarget: y));
        // r.Total, r.Terms["Left.task"], r.Terms["EmbeddingDistance(Left,Right)"]: plain doubles, tensors already freed
        Console.WriteLine(TwoViews.LossGraph);          // Mermaid: members, terms, weights, gradient routes
        #endregion
        return (output.Embedding.shape, width, r);
    }
}
