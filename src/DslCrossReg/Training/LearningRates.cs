using System;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>Reads and sets an optimizer's learning rate (every parameter group of it).</summary>
public static class LearningRates
{
    /// <summary>The learning rate of <paramref name="optimizer"/>'s first parameter group.</summary>
    public static double Get(optim.Optimizer optimizer)
    {
        ArgumentErrors.NotNull(optimizer);
        return Helper(optimizer).ParamGroups.First().LearningRate;
    }

    /// <summary>Sets the learning rate of every parameter group of <paramref name="optimizer"/> (named <paramref name="name"/> in errors).</summary>
    public static void Set(optim.Optimizer optimizer, string name, double learningRate)
    {
        ArgumentErrors.NotNull(optimizer);
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
            throw ArgumentErrors.OutOfRange(nameof(learningRate), learningRate, $"The learning rate of '{name}' must be finite and not negative.");
        foreach (var group in Helper(optimizer).ParamGroups) group.LearningRate = learningRate;
    }

    private static OptimizerHelper Helper(optim.Optimizer optimizer)
        => optimizer as OptimizerHelper ?? throw new NotSupportedException($"{optimizer.GetType().Name} does not expose its parameter groups.");
}
