using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>
/// The default discriminator applies its LeakyReLU in place on the hidden layer's output: its logits and every
/// parameter's gradient must be those of Linear → LeakyReLU(0.2) → Linear written out of place, bit for bit, and the
/// embeddings it is given must come out untouched (the step feeds it the members' own embeddings).
/// </summary>
[Collection(SeededTests.Name)]
public class DefaultDiscriminatorTests
{
    [Fact]
    public void Forward_and_gradients_are_those_of_the_layers_written_out_of_place()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var discriminator = new DefaultDiscriminator(16, 8);
        var p = discriminator.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.Equal(new[] { "hidden.bias", "hidden.weight", "logit.bias", "logit.weight" }, p.Keys.OrderBy(k => k));
        // Negative, zero and positive pre-activations all occur: a batch of 64 around 0, and an exact zero row.
        var input = torch.randn(64, 16);
        input[0] = torch.zeros(16);
        var embedding = input.clone().requires_grad_(true);
        var untouched = embedding.detach().clone();

        var actual = discriminator.call(embedding);
        actual.sum().backward();
        var actualGrads = p.ToDictionary(x => x.Key, x => x.Value.grad!.clone());
        var actualInputGrad = embedding.grad!.clone();
        Assert.True(untouched.eq(embedding.detach()).all().item<bool>(), "the discriminator wrote into its input");

        foreach (var x in p.Values) x.grad!.zero_();
        embedding.grad!.zero_();
        var hidden = nn.functional.linear(embedding, p["hidden.weight"], p["hidden.bias"]);
        var expected = nn.functional.linear(nn.functional.leaky_relu(hidden, 0.2), p["logit.weight"], p["logit.bias"]);
        expected.sum().backward();

        Assert.True(expected.eq(actual).all().item<bool>(), "logits differ");
        foreach (var (name, grad) in actualGrads)
            Assert.True(grad.eq(p[name].grad!).all().item<bool>(), $"gradient of {name} differs");
        Assert.True(actualInputGrad.eq(embedding.grad!).all().item<bool>(), "gradient of the embedding differs");
    }

    [Fact]
    public void A_hook_registered_on_its_activation_runs_and_the_logits_stay_the_same()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var discriminator = new DefaultDiscriminator(16, 8);
        var input = torch.randn(32, 16);
        var plain = discriminator.call(input);
        var activation = (nn.Module<Tensor, Tensor>)discriminator.named_children().Single(c => c.name == "activation").module;
        int calls = 0;
        var remover = activation.register_forward_hook((module, x, y) => { calls++; return null!; });
        var hooked = discriminator.call(input);
        Assert.Equal(1, calls);
        Assert.True(hooked.eq(plain).all().item<bool>(), "logits differ with a hook that changes nothing");
        var doubling = activation.register_forward_hook((module, x, y) => y * 2);
        var doubled = discriminator.call(input);
        Assert.Equal(2, calls);
        Assert.False(doubled.eq(plain).all().item<bool>(), "a hook's result was not used");
        remover.remove();
        doubling.remove();
        Assert.True(discriminator.call(input).eq(plain).all().item<bool>());
        Assert.Equal(2, calls);
    }
}
