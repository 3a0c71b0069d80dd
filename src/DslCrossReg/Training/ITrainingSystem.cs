using System;

namespace DslCrossReg.Training;

/// <summary>
/// What every generated system offers, so that training loops, evaluation and tooling can be written once for any
/// system: <typeparamref name="TBatch"/> and <typeparamref name="TOutputs"/> are the system's generated
/// <c>Batch</c> and <c>Outputs</c> records. A helper that takes this interface as a parameter gets both types
/// inferred from the system it is given (<c>Run(system, batch)</c>); one that also needs the system's own type (its
/// member properties) takes <see cref="ITrainingSystem{TSystem, TBatch, TOutputs}"/> instead.
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

    /// <summary>
    /// Saves a checkpoint atomically: every member, a discriminator if there is one, every optimizer's state, the step
    /// counter and the random generator's state; a failure leaves the previous file intact. With
    /// <paramref name="includeFrozenMembers"/> false, a frozen member is stored as a fingerprint only, and
    /// <see cref="Load"/> refuses the file unless that same member is loaded.
    /// </summary>
    void Save(string path, bool includeFrozenMembers = true);

    /// <summary>
    /// Loads a checkpoint of this system (a <c>Save</c> of it, or a checkpoint written by <c>Fit</c>); a damaged or
    /// foreign file is refused with a <see cref="Checkpoints.CheckpointException"/> and changes nothing.
    /// </summary>
    void Load(string path);
}

/// <summary>
/// A generated system together with its own type, for generic helpers that need all three types. C# infers a
/// method's type arguments from its arguments only, never from constraints: a helper declared
/// <c>Train&lt;TSystem, TBatch, TOutputs&gt;(TSystem system, Func&lt;TOutputs, Tensor&gt; read) where TSystem : ITrainingSystem&lt;TBatch, TOutputs&gt;</c>
/// cannot be called without type arguments (CS0411), because nothing in its arguments names
/// <typeparamref name="TOutputs"/>. Declared over this interface instead,
/// <code>
/// static double Train&lt;TSystem, TBatch, TOutputs&gt;(ITrainingSystem&lt;TSystem, TBatch, TOutputs&gt; system, TBatch batch, Func&lt;TSystem, Tensor&gt; weights)
///     where TSystem : ITrainingSystem&lt;TSystem, TBatch, TOutputs&gt;
/// </code>
/// it is called as <c>Train(system, batch, s =&gt; s.Left.linear0.weight)</c>: the one argument names all three
/// types, and <see cref="Self"/> gives the system back as <typeparamref name="TSystem"/>.
/// </summary>
/// <typeparam name="TSystem">The generated system class itself.</typeparam>
/// <typeparam name="TBatch">Its generated <c>Batch</c> record.</typeparam>
/// <typeparam name="TOutputs">Its generated <c>Outputs</c> record.</typeparam>
public interface ITrainingSystem<TSystem, TBatch, TOutputs> : ITrainingSystem<TBatch, TOutputs>
    where TSystem : ITrainingSystem<TSystem, TBatch, TOutputs>
{
    /// <summary>The system itself, as its own type.</summary>
    TSystem Self { get; }
}
