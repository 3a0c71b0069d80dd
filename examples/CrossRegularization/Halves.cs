using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.CrossRegularization;

/// <summary>One split of the digits as the two views read them: left halves as images, right halves flattened.</summary>
public sealed class Halves
{
    /// <summary>Splits <paramref name="images"/> [N, 1, 28, 28] with <paramref name="labels"/> [N] down the middle.</summary>
    public Halves(Tensor images, Tensor labels)
    {
        Labels = labels;
        Left = images[.., .., .., ..14].contiguous();
        Right = images[.., .., .., 14..].reshape(images.shape[0], 392).contiguous();
    }

    /// <summary>Class labels, Int64 [N].</summary>
    public Tensor Labels { get; }

    /// <summary>Left halves [N, 1, 28, 14].</summary>
    public Tensor Left { get; }

    /// <summary>Right halves, flattened [N, 392].</summary>
    public Tensor Right { get; }

    /// <summary>The number of samples.</summary>
    public long Count => Labels.shape[0];
}
