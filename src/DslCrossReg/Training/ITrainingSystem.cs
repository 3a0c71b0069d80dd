using System;

namespace DslCrossReg.Training;

/// <summary>
/// What every generated system offers, so that training loops, evaluation and tooling can be written once for any
/// system: <typeparamref name="TBatch"/> and <typeparamref name="TOutputs"/> are the system's generated
/// <c>Batch</c> and <c>Outputs</c> records.
/// </summary>
public interface ITrainingSystem<in TBatch, out TOutputs> : IDisposable
{
    /// <summary>The number of steps taken.</summary>
    long StepCount { get; }

    /// <summary>One training step (validated, inside a dispose scope).</summary>
    StepResult Step(TBatch batch);

    /// <summary>Every term of the loss, without updating anything.</summary>
    LossBreakdown Loss(TBatch batch);

    /// <summary>Every member's output in eval mode, without gradients.</summary>
    TOutputs Evaluate(TBatch batch);
}
