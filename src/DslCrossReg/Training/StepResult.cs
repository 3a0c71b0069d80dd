using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Training;

/// <summary>
/// What one training step did, as plain numbers (every tensor of the step is already freed): the total the
/// members minimised, every term by name, and the warnings the step raised.
/// </summary>
public sealed class StepResult
{
    /// <summary>Creates the result of an applied step.</summary>
    public StepResult(long step, double total, IReadOnlyDictionary<string, double> terms, IReadOnlyList<MagnitudeWarning> warnings)
        : this(step, total, terms, warnings, nonFiniteTerm: null)
    {
    }

    /// <summary>Creates a result; a non-null <paramref name="nonFiniteTerm"/> means the step was not applied.</summary>
    public StepResult(long step, double total, IReadOnlyDictionary<string, double> terms, IReadOnlyList<MagnitudeWarning> warnings, string? nonFiniteTerm)
    {
        Step = step;
        Total = total;
        Terms = terms;
        Warnings = warnings;
        NonFiniteTerm = nonFiniteTerm;
    }

    /// <summary>
    /// Whether the update was applied. A step whose loss, gradients or running statistics are not finite is not:
    /// parameters, optimizer states, buffers, the step counter and the random generator are left as they were (see
    /// <see cref="NonFiniteTerm"/>).
    /// </summary>
    public bool Applied => NonFiniteTerm is null;

    /// <summary>
    /// The first term, gradient (<c>Left: gradient of linear4.weight</c>) or buffer
    /// (<c>Left: buffer batchnorm1d1.running_var</c>) that was not finite.
    /// </summary>
    public string? NonFiniteTerm { get; }

    /// <summary>The number of steps applied so far, this one included when it was applied.</summary>
    public long Step { get; }

    /// <summary>The members' combined loss: task losses plus weighted cross terms.</summary>
    public double Total { get; }

    /// <summary>
    /// Every term by its stable name (<c>Left.task</c>, <c>EmbeddingDistance(Left,Right)</c>), cross terms already
    /// weighted. A discriminator's own loss (<c>…discriminator</c>) is listed but not part of <see cref="Total"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Terms { get; }

    /// <summary>Cross terms that outweigh the task losses they accompany by more than 10×.</summary>
    public IReadOnlyList<MagnitudeWarning> Warnings { get; }

    /// <summary>A one-line summary, e.g. <c>step 3: total 1.2345 (Left.task 0.6, …)</c>.</summary>
    public override string ToString()
        => "step " + Step.ToString(CultureInfo.InvariantCulture) + ": total " + Total.ToString("G5", CultureInfo.InvariantCulture)
           + " (" + string.Join(", ", Terms.Select(t => t.Key + " " + t.Value.ToString("G5", CultureInfo.InvariantCulture))) + ")";
}

/// <summary>
/// Scenario 1's advice automated: a cross term whose weighted value exceeds <see cref="Ratio"/> times the task losses
/// it accompanies makes the networks ignore their objectives; lower its weight.
/// </summary>
/// <param name="Term">The cross term's name.</param>
/// <param name="Value">Its weighted value.</param>
/// <param name="TaskLoss">The sum of the task losses of the members it reaches.</param>
/// <param name="Ratio">The threshold that was exceeded.</param>
public sealed record MagnitudeWarning(string Term, double Value, double TaskLoss, double Ratio)
{
    /// <summary>The warning as a sentence.</summary>
    public override string ToString()
        => string.Format(CultureInfo.InvariantCulture,
            "{0} = {1:G4} is more than {2:G3}× the task losses it accompanies ({3:G4}); consider a smaller weight.",
            Term, Value, Ratio, TaskLoss);
}
