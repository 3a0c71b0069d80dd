using System;
using System.Collections.Generic;
using DslCrossReg.Fitting;
using DslCrossReg.Losses;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using Xunit;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// The exceptions a user meets say the library's sentence and nothing else: no " (Parameter 'x')" or "Actual value
/// was" line appended by .NET, no compiler-qualified <c>global::</c> name; an argument exception still names its
/// parameter in <see cref="ArgumentException.ParamName"/>. One case per kind of thrower: a generated system's batch
/// checks and controls, a generated network's input check, the runtime's losses, layers, schedules and data.
/// </summary>
public class MessageTests
{
    private const int Batch = 4;

    private static readonly Dictionary<string, (Func<Exception?> Throw, string? ParamName, string Sentence)> Cases = new()
    {
        ["batch input shape"] = (() => Step(SyntheticBatches.Features(1, Batch, 7), Labels()), "A", "A: Encoder expects input [*, 6] Float32"),
        ["batch label range"] = (() => Step(SyntheticBatches.Features(1, Batch, 6), zeros(Batch, ScalarType.Int64) + 3), "ATarget", "ATarget holds class label 3, outside [0, 3)."),
        ["missing target"] = (() => Step(SyntheticBatches.Features(1, Batch, 6), null), "ATarget", "ATarget is required"),
        ["network input"] = (() => Record.Exception(() => new Encoder().call(zeros(Batch, 7))), "input", "Encoder expects input [*, 6] Float32 but received [4, 7] Float32."),
        ["unknown member's learning rate"] = (() => WithSystem(s => s.SetLearningRate("C", 1)), "member", "'C' has no optimizer in EmbeddingPair; one of: A, B."),
        ["learning rate NaN"] = (() => WithSystem(s => s.SetLearningRate("A", double.NaN)), "learningRate", "The learning rate of 'A' must be finite and not negative, got NaN."),
        ["negative weight scale"] = (() => WithSystem(s => s.SetTermWeightScale("EmbeddingDistance(A,B)", -1)), "scale", "A weight scale must be finite and not negative, got -1."),
        ["unknown term"] = (() => WithSystem(s => s.SetTermWeightScale("Contrastive(A,B)", 1)), "term", "'Contrastive(A,B)' is not a cross term of EmbeddingPair; one of: EmbeddingDistance(A,B)."),
        ["loss shapes"] = (() => Record.Exception(() => EmbeddingLosses.Distance(zeros(2, 3), zeros(2, 4))), "b", "a and b must have the same number of feat"),
        ["tap twice"] = (() => Record.Exception(() => Linear(3).Tap("a").Tap("b")), "name", "is already tapped as 'a'."),
        ["empty schedule"] = (() => Record.Exception(() => Schedule.Cosine(0)), "steps", "A cosine schedule spans at least one step, got 0."),
        ["null batch"] = (() => WithSystem(s => s.Step(null!)), "batch", "batch must not be null."),
        ["null batch maker"] = (() => Record.Exception(() => BatchSource.InMemory<int>(8, 2, null!)), "select", "select must not be null."),
        ["no samples"] = (() => Record.Exception(() => BatchSource.InMemory(0, 8, i => i)), "count", "There must be at least one sample, got 0."),
    };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in Cases.Keys) names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_message_is_the_sentence_alone_and_the_parameter_is_still_named(string name)
    {
        var (throwIt, paramName, sentence) = Cases[name];
        var error = throwIt();
        Assert.NotNull(error);
        Assert.Contains(sentence, error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value was", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("global::", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.Equal(paramName, Assert.IsAssignableFrom<ArgumentException>(error).ParamName);
    }

    [Fact]
    public void A_batch_exception_names_its_field_and_its_message_is_the_sentence()
    {
        var error = Assert.IsType<BatchException>(Step(SyntheticBatches.Features(1, Batch, 6), zeros(Batch, ScalarType.Int64) + 3));
        Assert.Equal("ATarget", error.Field);
        Assert.Equal("ATarget holds class label 3, outside [0, 3).", error.Message);
    }

    private static Tensor Labels() => SyntheticBatches.Labels(2, Batch, 3);

    private static Exception? Step(Tensor a, Tensor? aTarget)
        => WithSystem(system => system.Step(new EmbeddingPair.Batch(a, SyntheticBatches.Features(3, Batch, 6), aTarget, Labels())));

    private static Exception? WithSystem(Action<EmbeddingPair> act)
    {
        using var system = new EmbeddingPair(seed: 1);
        return Record.Exception(() => act(system));
    }
}
