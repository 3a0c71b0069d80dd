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

    /// <summary>Creates the discriminator for embeddings of <paramref name="width"/> features.</summary>
    public DefaultDiscriminator(int width, int hiddenWidth = 64) : base(nameof(DefaultDiscriminator))
    {
        hidden = nn.Linear(width, hiddenWidth);
        activation = nn.LeakyReLU(0.2);
        logit = nn.Linear(hiddenWidth, 1);
        register_module("hidden", hidden);
        register_module("activation", activation);
        register_module("logit", logit);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => logit.call(activation.call(hidden.call(input)));
}
