using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// A step is all or nothing. Whatever refuses it (a bad batch, a non-finite loss or gradient in either phase, an
/// exception thrown part-way), the system's whole state — parameters, buffers such as BatchNorm running statistics
/// and counters, every optimizer's state, the discriminator, the step counter and the random generator — hashes the
/// same afterwards (<see cref="StateFingerprint"/>), and the next step equals that of a twin that never saw the batch.
/// Dropout draws from TorchSharp's one global generator, so a twin runs first, alone, from the same seed (each
/// system's constructor seeds the generator), and the system under test runs after it.
/// </summary>
public class StepTransactionTests
{
    private const int Batch = 8;

    private static Tensor Probabilities(long seed, long count) => torch.sigmoid(SyntheticBatches.Features(seed, count, 3));

    private static NormedPair.Batch Normed(int step, long count = Batch)
        => new(SyntheticBatches.Features(30 * step, count, 6), SyntheticBatches.Features((30 * step) + 1, count, 6),
            Probabilities((30 * step) + 2, count), SyntheticBatches.Labels((30 * step) + 3, count, 3));

    private static NormedAdversarialPair.Batch Adversarial(int step, long count = Batch)
        => new(SyntheticBatches.Features(40 * step, count, 6), SyntheticBatches.Features((40 * step) + 1, count, 6),
            SyntheticBatches.Features((40 * step) + 2, count, 3), SyntheticBatches.Labels((40 * step) + 3, count, 3));

    private static string State(NormedPair system) => StateFingerprint.Of(path => system.Save(path));

    private static string State(NormedAdversarialPair system) => StateFingerprint.Of(path => system.Save(path));

    private static Tensor With(Tensor tensor, float value, params long[] index)
    {
        var copy = tensor.clone();
        copy[index.Select(i => TensorIndex.Single(i)).ToArray()] = torch.tensor(value);
        return copy;
    }

    public static TheoryData<string> Poisons => new() { "NaN in A", "3e38 in A", "NaN in B", "+inf in B" };

    private static NormedPair.Batch Poisoned(string poison)
    {
        var good = Normed(50);
        return poison switch
        {
            "NaN in A" => good with { A = With(good.A, float.NaN, 2, 3) },
            "3e38 in A" => good with { A = With(good.A, 3e38f, 0, 0) },
            "NaN in B" => good with { B = With(good.B, float.NaN, 5, 1) },
            "+inf in B" => good with { B = With(good.B, float.PositiveInfinity, 1, 4) },
            _ => throw new ArgumentOutOfRangeException(nameof(poison)),
        };
    }

    [Theory]
    [MemberData(nameof(Poisons))]
    public void A_non_finite_step_leaves_batchnorm_statistics_the_generator_and_everything_else_as_before(string poison)
    {
        var (expected, expectedState) = Twin(new NormedPair(seed: 3), State, s => s.Step(Normed(0)), s => s.Step(Normed(1)), s => s.Step(Normed(2)));
        using var system = new NormedPair(seed: 3);
        for (int step = 0; step < 2; step++) system.Step(Normed(step));

        string before = State(system);
        var refused = system.Step(Poisoned(poison));
        Assert.False(refused.Applied);
        if (poison == "3e38 in A") Assert.Equal("A: buffer batchnorm1d1.running_var", refused.NonFiniteTerm);
        Assert.Equal(before, State(system));

        // The next step draws the same dropout masks and normalises with the same statistics as the twin's.
        Assert.Equal(expected, system.Step(Normed(2)).Terms);
        Assert.Equal(expectedState, State(system));
        var evaluated = system.Evaluate(Normed(3));
        Assert.True(evaluated.A.Result.isfinite().all().item<bool>(), "Evaluate on a clean batch after the refused step is not finite.");
    }

    [Fact]
    public void A_refused_members_phase_takes_back_the_discriminators_update()
    {
        // A NaN in A's Mse target reaches only the members' loss: the discriminator's phase is finite and steps.
        var (expected, expectedState) = Twin(new NormedAdversarialPair(seed: 4), State, s => s.Step(Adversarial(0)), s => s.Step(Adversarial(1)), s => s.Step(Adversarial(2)));
        using var system = new NormedAdversarialPair(seed: 4);
        for (int step = 0; step < 2; step++) system.Step(Adversarial(step));

        var discriminator = ParameterState.Copy(system.D);
        string before = State(system);
        var bad = Adversarial(9);
        var refused = system.Step(bad with { ATarget = With(bad.ATarget!, float.NaN, 0, 0) });
        Assert.False(refused.Applied);
        Assert.Equal("A.task", refused.NonFiniteTerm);
        Assert.True(double.IsFinite(refused.Terms["Adversarial(A,B).discriminator"]), "The discriminator's phase was not finite: the test does not reach the members' phase.");
        ParameterState.AssertSame(discriminator, system.D, "D");
        Assert.Equal(before, State(system));

        Assert.Equal(expected, system.Step(Adversarial(2)).Terms);
        Assert.Equal(expectedState, State(system));
    }

    [Fact]
    public void The_very_first_step_refused_after_the_discriminator_stepped_leaves_a_fresh_optimizer()
    {
        using var system = new NormedAdversarialPair(seed: 4);
        string before = State(system);
        var bad = Adversarial(0);
        Assert.False(system.Step(bad with { ATarget = With(bad.ATarget!, float.PositiveInfinity, 3, 1) }).Applied);
        Assert.Equal(before, State(system));
    }

    [Fact]
    public void An_exception_thrown_part_way_through_a_step_changes_nothing()
    {
        var (expected, expectedState) = Twin(new NormedAdversarialPair(seed: 6), State, s => s.Step(Adversarial(0)), s => s.Step(Adversarial(1)));
        using var system = new NormedAdversarialPair(seed: 6);
        system.Step(Adversarial(0));

        // The discriminator is called twice in its own phase and twice in the members' phase: fail the third call,
        // after the discriminator has stepped and the members' forward passes have moved their statistics.
        int calls = 0;
        bool armed = true;
        var hook = system.D.register_forward_hook((module, input, output) =>
        {
            if (armed && ++calls == 3) throw new InvalidOperationException("injected failure");
            return output;
        });
        string before = State(system);
        var error = Assert.Throws<InvalidOperationException>(() => system.Step(Adversarial(1)));
        Assert.Equal("injected failure", error.Message);
        Assert.Equal(3, calls);
        Assert.Equal(before, State(system));

        armed = false;
        hook.remove();
        Assert.Equal(expected, system.Step(Adversarial(1)).Terms);
        Assert.Equal(expectedState, State(system));
    }

    [Fact]
    public void The_non_finite_throw_policy_also_rolls_back()
    {
        using var system = new NormedAdversarialPair(seed: 7) { OnNonFinite = NonFinitePolicy.Throw };
        system.Step(Adversarial(0));
        string before = State(system);
        var bad = Adversarial(1);
        Assert.Throws<NonFiniteStepException>(() => system.Step(bad with { ATarget = With(bad.ATarget!, float.NaN, 1, 1) }));
        Assert.Equal(before, State(system));
    }

    [Fact]
    public void Loss_changes_no_statistic_and_draws_nothing()
    {
        using var system = new NormedPair(seed: 8);
        system.Step(Normed(0));
        string before = State(system);
        double first, second;
        using (var loss = system.Loss(Normed(1))) first = loss.Total.item<float>();
        using (var loss = system.Loss(Normed(1))) second = loss.Total.item<float>();
        Assert.Equal(first, second);
        Assert.Equal(before, State(system));
    }

    public static TheoryData<string> BadBatches => new()
    {
        "empty", "one sample with BatchNorm", "Float64 Mse target", "Float16 Mse target", "BFloat16 Mse target",
        "NaN Mse target, checked", "inf Mse target, checked",
    };

    private static NormedAdversarialPair.Batch Bad(string kind)
    {
        var good = Adversarial(5);
        return kind switch
        {
            "empty" => Adversarial(5, count: 0),
            "one sample with BatchNorm" => Adversarial(5, count: 1),
            "Float64 Mse target" => good with { ATarget = good.ATarget!.to_type(ScalarType.Float64) },
            "Float16 Mse target" => good with { ATarget = good.ATarget!.to_type(ScalarType.Float16) },
            "BFloat16 Mse target" => good with { ATarget = good.ATarget!.to_type(ScalarType.BFloat16) },
            "NaN Mse target, checked" => good with { ATarget = With(good.ATarget!, float.NaN, 2, 2) },
            "inf Mse target, checked" => good with { ATarget = With(good.ATarget!, float.NegativeInfinity, 7, 0) },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(BadBatches))]
    public void Validation_refuses_every_bad_field_before_anything_runs(string kind)
    {
        using var system = new NormedAdversarialPair(seed: 2) { CheckInputsFinite = true };
        system.Step(Adversarial(0));
        string before = State(system);
        var error = Assert.Throws<BatchException>(() => system.Step(Bad(kind)));
        Assert.Equal(kind.Contains("target", StringComparison.Ordinal) ? "ATarget" : "A", error.Field);
        Assert.Equal(before, State(system));
        Assert.Throws<BatchException>(() => system.Loss(Bad(kind)).Dispose());
        Assert.Equal(before, State(system));
    }

    [Fact]
    public void The_messages_say_what_is_wrong()
    {
        using var system = new NormedAdversarialPair(seed: 2);
        Assert.Equal("A holds no samples; a batch needs at least one.", Assert.Throws<BatchException>(() => system.Step(Bad("empty"))).Message);
        Assert.Contains("'A' has BatchNorm in training mode, which needs at least 2 samples", Assert.Throws<BatchException>(() => system.Step(Bad("one sample with BatchNorm"))).Message);
        Assert.Contains("ATarget must be a Float32 tensor of shape [8, 3], got Float64 [8, 3]", Assert.Throws<BatchException>(() => system.Step(Bad("Float64 Mse target"))).Message);
    }

    [Fact]
    public void A_single_sample_trains_when_no_member_has_batchnorm_and_evaluates_when_one_has()
    {
        using var plain = new EmbeddingPair(seed: 1);
        var y = SyntheticBatches.Labels(1, 1, 3);
        Assert.True(plain.Step(new EmbeddingPair.Batch(SyntheticBatches.Features(1, 1, 6), SyntheticBatches.Features(2, 1, 6), y, y)).Applied);

        using var normed = new NormedAdversarialPair(seed: 1);
        var outputs = normed.Evaluate(Adversarial(1, count: 1));
        Assert.Equal(new long[] { 1, 3 }, outputs.A.Result.shape);
    }

    [Theory]
    [InlineData(10L)]
    [InlineData(-1L)]
    public void Token_ids_outside_the_vocabulary_are_refused_by_the_batch_and_by_the_network(long id)
    {
        using var system = new TokenPair(seed: 1);
        var ids = torch.randint(0, 10, new long[] { Batch, 5 }, ScalarType.Int64);
        var y = SyntheticBatches.Labels(2, Batch, 3);
        var batch = new TokenPair.Batch(ids, SyntheticBatches.Features(3, Batch, 6), y, y);
        Assert.True(system.Step(batch).Applied);

        string before = StateFingerprint.Of(path => system.Save(path));
        var bad = ids.clone();
        bad[6, 2] = torch.tensor(id);
        var error = Assert.Throws<BatchException>(() => system.Step(batch with { Text = bad }));
        Assert.Equal("Text", error.Field);
        Assert.Contains("TokenEncoder reads token ids into an Embedding of vocabulary 10: every id must lie in [0, 10), but the input holds " + id, error.Message);
        Assert.Equal(before, StateFingerprint.Of(path => system.Save(path)));

        using var network = new TokenEncoder();
        var direct = Assert.ThrowsAny<ArgumentException>(() => network.call(bad));
        Assert.Contains("every id must lie in [0, 10)", direct.Message);
    }

    /// <summary>
    /// Seeded random bad batches between good ones: every bad one is refused (a <see cref="BatchException"/> or a step
    /// not applied) with the state unchanged, and after the run the system equals a twin that saw only the good ones.
    /// </summary>
    [Fact]
    public void Random_bad_batches_between_good_ones_leave_the_run_of_a_twin_that_never_saw_them()
    {
        var random = new Random(20261207);
        var schedule = Enumerable.Range(0, 60).Select(round => random.Next(3) == 0 ? ((string What, NormedAdversarialPair.Batch Batch, bool CheckFinite)?)null : RandomBad(random, round)).ToList();
        int goodSteps = schedule.Count(b => b is null);

        var twinTerms = new List<IReadOnlyDictionary<string, double>>();
        string twinState;
        using (var twin = new NormedAdversarialPair(seed: 12))
        {
            for (int step = 0; step < goodSteps; step++) twinTerms.Add(twin.Step(Adversarial(step)).Terms);
            twinState = State(twin);
        }

        using var system = new NormedAdversarialPair(seed: 12);
        int good = 0, refusedByValidation = 0, refusedAsNonFinite = 0;
        foreach (var bad in schedule)
        {
            if (bad is not { } b)
            {
                Assert.Equal(twinTerms[good], system.Step(Adversarial(good)).Terms);
                good++;
                continue;
            }
            system.CheckInputsFinite = b.CheckFinite;
            string before = State(system);
            try
            {
                var result = system.Step(b.Batch);
                Assert.False(result.Applied, b.What + ": a bad batch was applied.");
                refusedAsNonFinite++;
            }
            catch (BatchException)
            {
                refusedByValidation++;
            }
            Assert.True(before == State(system), b.What + ": the refused step changed the system's state.");
        }
        Assert.True(goodSteps > 5 && refusedByValidation > 5 && refusedAsNonFinite > 5, $"too few of a kind: {goodSteps} good, {refusedByValidation} refused by validation, {refusedAsNonFinite} not applied");
        Assert.Equal(twinState, State(system));
    }

    /// <summary>Runs <paramref name="steps"/> on a fresh twin alone; returns the last step's terms and the final state.</summary>
    private static (IReadOnlyDictionary<string, double> Terms, string State) Twin<TSystem>(TSystem twin, Func<TSystem, string> state, params Func<TSystem, StepResult>[] steps)
        where TSystem : IDisposable
    {
        using (twin)
        {
            IReadOnlyDictionary<string, double> last = new Dictionary<string, double>();
            foreach (var step in steps) last = step(twin).Terms;
            return (last, state(twin));
        }
    }

    private static (string What, NormedAdversarialPair.Batch Batch, bool CheckFinite) RandomBad(Random random, int round)
    {
        var good = Adversarial(1000 + round);
        long row = random.Next(Batch);
        float poison = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3e38f }[random.Next(4)];
        bool check = random.Next(2) == 0;
        return random.Next(10) switch
        {
            0 => ($"{poison} in A[{row}]", good with { A = With(good.A, poison, row, random.Next(6)) }, check),
            1 => ($"{poison} in B[{row}]", good with { B = With(good.B, poison, row, random.Next(6)) }, check),
            2 => ($"{poison} in ATarget[{row}]", good with { ATarget = With(good.ATarget!, poison, row, random.Next(3)) }, check),
            3 => ("empty batch", Adversarial(round, count: 0), check),
            4 => ("one sample", Adversarial(round, count: 1), check),
            5 => ("label 3", good with { BTarget = good.BTarget!.index_put_(torch.tensor(3L), torch.tensor(row)) }, check),
            6 => ("missing target", good with { BTarget = null }, check),
            7 => ("Float64 ATarget", good with { ATarget = good.ATarget!.to_type(ScalarType.Float64) }, check),
            8 => ("B of 7 samples", good with { B = good.B.narrow(0, 0, Batch - 1) }, check),
            _ => ("A of width 5", good with { A = good.A.narrow(1, 0, 5) }, check),
        };
    }
}
