using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.CrossRegularization;

/// <summary>How well two views' embeddings agree, computed on a held-out split.</summary>
public static class Alignment
{
    /// <summary>
    /// The mean over rows of the Euclidean distance ‖aᵢ − bᵢ‖₂ between row i of <paramref name="a"/> and row i of
    /// <paramref name="b"/> (both [N, features]): the unweighted quantity scenario 1's embedding-distance term is
    /// made of.
    /// </summary>
    public static double MeanDistance(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (a - b).square().sum(1).sqrt().mean().ToDouble();
    }

    /// <summary>The mean over rows of the Euclidean norm ‖aᵢ‖₂ of <paramref name="a"/> [N, features].</summary>
    public static double MeanNorm(Tensor a)
    {
        using var scope = torch.NewDisposeScope();
        return a.square().sum(1).sqrt().mean().ToDouble();
    }

    /// <summary>
    /// A discriminator's accuracy at telling the views apart, from its logits on Left's embeddings
    /// (<paramref name="logitsFromLeft"/>, label 0: correct when the logit is &lt; 0) and on Right's
    /// (<paramref name="logitsFromRight"/>, label 1: correct when the logit is &gt; 0), over both sets together.
    /// 50% means the discriminator cannot tell the views apart; 100% means their embeddings are separable.
    /// </summary>
    public static double DiscriminatorAccuracy(Tensor logitsFromLeft, Tensor logitsFromRight)
    {
        using var scope = torch.NewDisposeScope();
        long correct = logitsFromLeft.lt(0).sum().ToInt64() + logitsFromRight.gt(0).sum().ToInt64();
        return (double)correct / (logitsFromLeft.numel() + logitsFromRight.numel());
    }
}
