using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// The discriminator an Adversarial term gets when the system declares none: Linear(width, hidden) → LeakyReLU(0.2)
/// → Linear(hidden, 1), returning one logit per sample (the losses apply BCE with logits).
/// </summary>
public sealed class DefaultDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly LeakyReLU activation;
    private readonly Linear logit;

    private const double NegativeSlope = 0.2;

    // LeakyReLU's slope, kept: the module's forward converts its double to a native Scalar on every call that nothing
    // disposes, and returns a new tensor (an alias when in place).
    private static readonly Scalar Slope = NegativeSlope.ToScalar();

    /// <summary>Creates the discriminator for embeddings of <paramref name="width"/> features.</summary>
    public DefaultDiscriminator(int width, int hiddenWidth = 64) : base(nameof(DefaultDiscriminator))
    {
        hidden = nn.Linear(width, hiddenWidth);
        activation = nn.LeakyReLU(NegativeSlope);
        logit = nn.Linear(hiddenWidth, 1);
        register_module("hidden", hidden);
        register_module("activation", activation);
        register_module("logit", logit);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The activation is applied in place on the hidden layer's own output (as PyTorch's <c>LeakyReLU(inplace=True)</c>
    /// would: a linear layer keeps its input, not its output, for the backward pass; with a positive slope the sign of
    /// the output is the sign of the input, so the gradient is the same), with the kept slope: the same values bit for
    /// bit as <c>activation.call</c>, without a new tensor and a native Scalar per call. Once a hook is registered on
    /// <c>activation</c>, it is called through <c>activation.call</c> instead, so that its hooks run.
    /// </remarks>
    public override Tensor forward(Tensor input)
    {
        var h = hidden.call(input);
        return logit.call(DslCrossReg.Modules.ModuleHooks.MayHaveAny(activation) ? Activated(h) : h.leaky_relu_(Slope));
    }

    private Tensor Activated(Tensor h)
    {
        using (h) return activation.call(h);
    }
}
