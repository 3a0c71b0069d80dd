using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>Creates a member's optimizer from its <see cref="MemberAttribute"/> settings.</summary>
public static class Optimizers
{
    /// <summary>Adam, AdamW or SGD (with momentum) over <paramref name="parameters"/>.</summary>
    public static optim.Optimizer Create(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0, double momentum = 0)
    {
        ArgumentErrors.NotNull(parameters);
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw ArgumentErrors.OutOfRange(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        return kind switch
        {
            OptimizerKind.Adam => new Adam(parameters, learningRate, weightDecay),
            OptimizerKind.AdamW => optim.AdamW(parameters, learningRate, weight_decay: weightDecay),
            OptimizerKind.Sgd => optim.SGD(parameters, learningRate, momentum: momentum, weight_decay: weightDecay),
            _ => throw ArgumentErrors.OutOfRange(nameof(kind), kind, "Unknown optimizer."),
        };
    }
}

/// <summary>The linear warm-up of a cross term's weight.</summary>
public static class Warmup
{
    /// <summary>
    /// The weight factor for the step numbered <paramref name="step"/> (0 for the first step): step / warmupSteps,
    /// capped at 1; always 1 when <paramref name="warmupSteps"/> is 0.
    /// </summary>
    public static double Factor(long step, int warmupSteps)
        => warmupSteps <= 0 ? 1.0 : Math.Min(1.0, (double)step / warmupSteps);
}
