using System;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using Xunit;

namespace DslCrossReg.Systems.Tests;

/// <summary>Seeding and disposal, seen from outside.</summary>
public class LifetimeTests
{
    [Fact]
    public void The_same_seed_builds_the_same_members_and_a_different_seed_does_not()
    {
        using var first = new AdversarialPair(3);
        using var again = new AdversarialPair(3);
        using var other = new AdversarialPair(4);
        ParameterState.AssertSame(first.A, again.A, "A");
        ParameterState.AssertSame(first.B, again.B, "B");
        ParameterState.AssertSame(first.D, again.D, "D");
        Assert.False(ParameterState.BitEqual(First(first.A), First(other.A)), "seed 4 drew the same first weight as seed 3");
    }

    private static TorchSharp.torch.Tensor First(TorchSharp.torch.nn.Module module)
    {
        using var parameters = module.parameters().GetEnumerator();
        parameters.MoveNext();
        return parameters.Current;
    }

    [Fact]
    public void A_disposed_system_refuses_to_step()
    {
        var system = new EmbeddingPair(1);
        system.Dispose();
        system.Dispose();
        var batch = new EmbeddingPair.Batch(
            SyntheticBatches.Features(1, 4, 6), SyntheticBatches.Features(2, 4, 6),
            SyntheticBatches.Labels(3, 4, 3), SyntheticBatches.Labels(4, 4, 3));
        Assert.Throws<ObjectDisposedException>(() => system.Step(batch));
    }
}
