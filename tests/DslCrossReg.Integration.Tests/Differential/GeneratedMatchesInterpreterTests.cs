using System.Linq;
using DslCrossReg.Integration.Tests.Catalog;
using TorchSharp;
using Xunit;
using static DslCrossReg.Integration.Tests.Comparison.BitIdentity;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Differential;

/// <summary>
/// The generator's promise: a generated network and the interpreter's module built from the same
/// <see cref="Layer"/> after the same <c>torch.manual_seed</c> are the same network, bit for bit: same
/// parameters and buffers, same outputs and taps, same gradients, same random dropout masks while training.
/// </summary>
public class GeneratedMatchesInterpreterTests
{
    private static readonly long[] Seeds = { 0, 20240917 };

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Same_seed_draws_the_same_parameters_and_buffers(string network)
    {
        var net = NetworkCatalog.All[network];
        foreach (var seed in Seeds)
        {
            torch.manual_seed(seed);
            using var generated = net.BuildGenerated();
            torch.manual_seed(seed);
            using var interpreted = net.BuildInterpreted();
            AssertSameState(interpreted, generated.Module, $"{network} seed {seed}");
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void In_eval_mode_the_same_input_gives_identical_results_and_taps(string network)
    {
        var net = NetworkCatalog.All[network];
        foreach (var seed in Seeds)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(seed);
            using var generated = net.BuildGenerated();
            torch.manual_seed(seed);
            using var interpreted = net.BuildInterpreted();
            generated.Module.eval();
            interpreted.eval();
            var input = net.SampleInput(batch: 5, seed: seed + 1);
            using var noGrad = torch.no_grad();
            AssertIdentical(interpreted.call(input), generated.Forward(input), $"{network} seed {seed}");
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void In_train_mode_reseeded_forwards_gradients_and_running_statistics_agree(string network)
    {
        var net = NetworkCatalog.All[network];
        torch.manual_seed(7);
        using var generated = net.BuildGenerated();
        torch.manual_seed(7);
        using var interpreted = net.BuildInterpreted();
        generated.Module.train();
        interpreted.train();
        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            var input = net.SampleInput(batch: 6, seed: 100 + step);
            // Dropout draws its masks from the global generator: the same seed before each forward is what
            // makes "the same network" testable while training.
            torch.manual_seed(1000 + step);
            var expected = interpreted.call(input);
            torch.manual_seed(1000 + step);
            var actual = generated.Forward(input);
            AssertIdentical(expected, actual, $"{network} train step {step}");

            interpreted.zero_grad();
            generated.Module.zero_grad();
            Loss(expected).backward();
            Loss(actual).backward();
            AssertSameGradients(interpreted, generated.Module, $"{network} step {step}");
        }
        // BatchNorm's running statistics moved three times, identically.
        AssertSameState(interpreted, generated.Module, $"{network} after training forwards");
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.WithDropout), MemberType = typeof(NetworkCatalog))]
    public void Dropout_is_active_while_training_so_the_train_mode_comparison_has_teeth(string network)
    {
        var net = NetworkCatalog.All[network];
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var generated = net.BuildGenerated();
        var input = net.SampleInput(batch: 8, seed: 4);
        using var noGrad = torch.no_grad();
        generated.Module.train();
        torch.manual_seed(5);
        var first = generated.Forward(input).Result;
        torch.manual_seed(6);
        var other = generated.Forward(input).Result;
        generated.Module.eval();
        var evaluated = generated.Forward(input).Result;
        Assert.False(SameValues(first, other), "a different seed must draw a different dropout mask");
        Assert.False(SameValues(first, evaluated), "eval() must switch dropout off");
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void A_different_seed_draws_different_parameters_so_the_comparison_has_teeth(string network)
    {
        var net = NetworkCatalog.All[network];
        torch.manual_seed(11);
        using var generated = net.BuildGenerated();
        torch.manual_seed(12);
        using var interpreted = net.BuildInterpreted();
        var other = interpreted.state_dict();
        Assert.True(AnyDifference(generated.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), other),
            $"{network}: parameters drawn after different seeds should differ");
    }

    private static Tensor Loss(NetworkOutput output)
        => output.Taps.Values.Aggregate(output.Result.square().sum(), (sum, tap) => sum + tap.square().mean());
}
