using System;
using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>
/// <see cref="Gradients.Disabled"/>: what the generated Step of an Adversarial system wraps the members' phase in, so
/// that the discriminator they learn to fool collects no gradient from them.
/// </summary>
public class GradientsTests
{
    private static nn.Module<Tensor, Tensor> TwoLayers(out TorchSharp.Modules.Parameter frozen)
    {
        torch.manual_seed(5);
        var first = nn.Linear(3, 4);
        var second = nn.Linear(4, 1);
        frozen = second.bias!;
        frozen.requires_grad = false;
        return nn.Sequential(first, second);
    }

    [Fact]
    public void Inside_the_scope_no_parameter_collects_a_gradient_and_the_input_still_gets_one()
    {
        using var module = TwoLayers(out _);
        using var input = torch.randn(5, 3).requires_grad_(true);
        using (Gradients.Disabled(module))
        {
            Assert.All(module.parameters(), p => Assert.False(p.requires_grad));
            module.call(input).sum().backward();
        }
        Assert.All(module.parameters(), p => Assert.Null(p.grad));
        Assert.NotNull(input.grad);
        Assert.True(input.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Disposing_gives_back_exactly_the_parameters_it_disabled_and_leaves_a_frozen_one_frozen()
    {
        using var module = TwoLayers(out var frozen);
        var before = module.parameters().Select(p => p.requires_grad).ToArray();
        Assert.Equal(new[] { true, true, true, false }, before);

        Gradients.Disabled(module).Dispose();

        Assert.Equal(before, module.parameters().Select(p => p.requires_grad).ToArray());
        Assert.False(frozen.requires_grad);
    }

    [Fact]
    public void Disposing_twice_restores_once()
    {
        using var module = TwoLayers(out _);
        var scope = Gradients.Disabled(module);
        scope.Dispose();
        // The user freezes a parameter after the scope ended; disposing the old scope again must not undo that.
        var weight = module.parameters().First();
        weight.requires_grad = false;
        scope.Dispose();
        Assert.False(weight.requires_grad);
    }

    [Fact]
    public void A_null_module_is_refused_by_name()
        => Assert.Equal("module", Assert.ThrowsAny<ArgumentNullException>(() => Gradients.Disabled(null!)).ParamName);
}
