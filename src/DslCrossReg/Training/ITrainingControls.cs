using System.Collections.Generic;
using DslCrossReg.Checkpoints;

namespace DslCrossReg.Training;

/// <summary>
/// What a training loop adjusts between steps, offered by every generated system beside
/// <see cref="ITrainingSystem{TBatch, TOutputs}"/>: each optimizer's learning rate, a multiplier on each cross term's
/// declared weight, and the checkpoint state in which a loop keeps its own position (see
/// <see cref="Fitting.FitExtensions"/>).
/// </summary>
public interface ITrainingControls
{
    /// <summary>The declared learning rate of every member that has an optimizer (and of a discriminator), by name.</summary>
    IReadOnlyDictionary<string, double> DeclaredLearningRates { get; }

    /// <summary>The declared weight of every cross term, by its name in the loss breakdown.</summary>
    IReadOnlyDictionary<string, double> DeclaredTermWeights { get; }

    /// <summary>The learning rate <paramref name="member"/>'s optimizer uses now.</summary>
    double GetLearningRate(string member);

    /// <summary>Sets the learning rate of <paramref name="member"/>'s optimizer (finite, 0 or more) for the next steps.</summary>
    void SetLearningRate(string member, double learningRate);

    /// <summary>The multiplier now applied to the declared weight of <paramref name="term"/> (1 unless set).</summary>
    double GetTermWeightScale(string term);

    /// <summary>
    /// Multiplies the declared weight of <paramref name="term"/> by <paramref name="scale"/> (finite, 0 or more) from
    /// the next step on; a scale of exactly 1 leaves every value as declared, bit for bit.
    /// </summary>
    void SetTermWeightScale(string term, double scale);

    /// <summary>The system's checkpoint state: what its <c>Save</c> and <c>Load</c> use.</summary>
    SystemState CheckpointState();
}
