using System;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// What the step's cheaper bookkeeping (issue 12) must not cost: every tensor a step makes is still freed before it
/// returns (counted through TorchSharp's live-tensor count, which a leaked wrapper keeps up until a garbage collection),
/// and the random generator is captured exactly when something may draw from it. This assembly runs its tests one at a
/// time, so the count is this test's alone.
/// </summary>
public class StepAllocationTests
{
    private const int BatchSize = 5;
    private static readonly Tensor Xa = SyntheticBatches.Features(61, BatchSize, 6);
    private static readonly Tensor Xb = SyntheticBatches.Features(62, BatchSize, 6);
    private static readonly Tensor Ya = SyntheticBatches.Labels(63, BatchSize, 3);
    private static readonly Tensor Yb = SyntheticBatches.Labels(64, BatchSize, 3);

    public static TheoryData<string> Systems => new()
    {
        nameof(EmbeddingPair), nameof(InfoNcePair), nameof(DistilledL2), nameof(DistilledKl), nameof(ParameterDiverse),
        nameof(OutputDiverse), nameof(AdversarialPair), nameof(DefaultAdversarialPair), nameof(DroppingPair), nameof(CorrelatedPair),
    };

    private static (IDisposable System, Func<StepResult> Step) Build(string name) => name switch
    {
        nameof(EmbeddingPair) => With(new EmbeddingPair(5), s => s.Step(new EmbeddingPair.Batch(Xa, Xb, Ya, Yb))),
        nameof(InfoNcePair) => With(new InfoNcePair(5), s => s.Step(new InfoNcePair.Batch(Xa, Xb, Ya, Yb))),
        nameof(DistilledL2) => With(new DistilledL2(5), s => s.Step(new DistilledL2.Batch(Xa, Xb, Ya, Yb))),
        nameof(DistilledKl) => With(new DistilledKl(5), s => s.Step(new DistilledKl.Batch(Xa, Xb, StudentTarget: Yb))),
        nameof(ParameterDiverse) => With(new ParameterDiverse(5), s => s.Step(new ParameterDiverse.Batch(Xa, Xb, BTarget: Yb))),
        nameof(OutputDiverse) => With(new OutputDiverse(5), s => s.Step(new OutputDiverse.Batch(Xa, Xb, Ya, Yb))),
        nameof(AdversarialPair) => With(new AdversarialPair(5), s => s.Step(new AdversarialPair.Batch(Xa, Xb, Ya, Yb))),
        nameof(DefaultAdversarialPair) => With(new DefaultAdversarialPair(5), s => s.Step(new DefaultAdversarialPair.Batch(Xa, Xb, Ya, Yb))),
        nameof(DroppingPair) => With(new DroppingPair(5), s => s.Step(new DroppingPair.Batch(Xa, Xb, StudentTarget: Yb))),
        nameof(CorrelatedPair) => With(new CorrelatedPair(5), s => s.Step(new CorrelatedPair.Batch(Xa, Xb, Ya))),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static (IDisposable, Func<StepResult>) With<T>(T system, Func<T, StepResult> step) where T : IDisposable
        => (system, () => step(system));

    [Theory]
    [MemberData(nameof(Systems))]
    public void A_step_frees_every_tensor_it_makes(string name)
    {
        var (system, step) = Build(name);
        using (system)
        {
            // The first steps make the optimizers' state, which stays.
            step();
            step();
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                long before = torch.Tensor.TotalCount;
                Assert.True(step().Applied);
                Assert.Equal(before, torch.Tensor.TotalCount);
            }
        }
    }

    [Fact]
    public void The_random_generator_is_captured_only_where_a_module_or_a_term_may_draw_from_it()
    {
        using var plain = new StepTransaction(new (string, nn.Module)[] { ("A", new Encoder()), ("B", new Encoder()) });
        Assert.False(plain.CapturesRandomState);
        using var dropping = new StepTransaction(new (string, nn.Module)[] { ("A", new Encoder()), ("B", new DroppingEncoder()) });
        Assert.True(dropping.CapturesRandomState);
        using var userTerms = new StepTransaction(new (string, nn.Module)[] { ("A", new Encoder()) }, randomTerms: true);
        Assert.True(userTerms.CapturesRandomState);
        using var userDiscriminator = new StepTransaction(new (string, nn.Module)[] { ("A", new Encoder()), ("D", new UserModule()) });
        Assert.True(userDiscriminator.CapturesRandomState);
    }

    [Fact]
    public void A_system_without_dropout_leaves_the_generator_as_it_found_it_so_there_is_nothing_to_capture()
    {
        // The claim MayDrawRandomNumbers makes for networks declared with the DSL, checked on a training step.
        using var system = new EmbeddingPair(9);
        using var before = torch.get_rng_state();
        system.Step(new EmbeddingPair.Batch(Xa, Xb, Ya, Yb));
        using var after = torch.get_rng_state();
        Assert.True(before.eq(after).all().item<bool>());
    }

    private sealed class UserModule : nn.Module<Tensor, Tensor>
    {
        public UserModule() : base(nameof(UserModule)) { }

        public override Tensor forward(Tensor input) => input;
    }
}
