using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>One split of the digits in every form the networks read: halves, flattened halves, whole.</summary>
public sealed class Views
{
    /// <summary>Builds the views of <paramref name="images"/> [N, 1, 28, 28] with <paramref name="labels"/> [N].</summary>
    public Views(Tensor images, Tensor labels)
    {
        Labels = labels;
        Full = images;
        Left = images[.., .., .., ..14].contiguous();
        RightFlat = images[.., .., .., 14..].reshape(images.shape[0], 392).contiguous();
        FullFlat = images.reshape(images.shape[0], 784);
    }

    /// <summary>Class labels, Int64 [N].</summary>
    public Tensor Labels { get; }

    /// <summary>Whole digits [N, 1, 28, 28].</summary>
    public Tensor Full { get; }

    /// <summary>Left halves [N, 1, 28, 14].</summary>
    public Tensor Left { get; }

    /// <summary>Right halves, flattened [N, 392].</summary>
    public Tensor RightFlat { get; }

    /// <summary>Whole digits, flattened [N, 784].</summary>
    public Tensor FullFlat { get; }

    /// <summary>The number of samples.</summary>
    public long Count => Labels.shape[0];
}
