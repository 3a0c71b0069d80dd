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
