using System;

namespace DslCrossReg.Fitting;

/// <summary>
/// A factor as a function of the training step (0 for the loop's first step). As a learning-rate schedule it
/// multiplies a member's declared learning rate; as a loss-weight schedule it multiplies a cross term's declared weight
/// (on top of a declared <c>WarmupSteps</c>). A factor of exactly 1 leaves every value as declared, bit for bit.
/// </summary>
public abstract class Schedule
{
    /// <summary>The factor for step <paramref name="step"/> (0 or more).</summary>
    public abstract double Factor(long step);

    /// <summary>The same factor at every step.</summary>
    public static Schedule Constant(double factor = 1.0) => new ConstantSchedule(factor);

    /// <summary>Step decay: <c>gamma^⌊step / everySteps⌋</c>.</summary>
    public static Schedule StepDecay(long everySteps, double gamma)
    {
        if (everySteps < 1) throw ArgumentErrors.OutOfRange(nameof(everySteps), everySteps, "The decay interval is at least one step.");
        return new StepDecaySchedule(everySteps, gamma);
    }

    /// <summary>
    /// Cosine annealing from 1 to <paramref name="final"/> over <paramref name="steps"/> steps, then
    /// <paramref name="final"/>: <c>final + (1 − final)·(1 + cos(π·min(step, steps)/steps))/2</c>.
    /// </summary>
    public static Schedule Cosine(long steps, double final = 0.0)
    {
        if (steps < 1) throw ArgumentErrors.OutOfRange(nameof(steps), steps, "A cosine schedule spans at least one step.");
        return new CosineSchedule(steps, final);
    }

    /// <summary>
    /// A linear ramp from <paramref name="start"/> to 1 over <paramref name="steps"/> steps, then 1:
    /// <c>start + (1 − start)·min(1, step/steps)</c> (with <paramref name="start"/> 0, the declared <c>WarmupSteps</c>'s
    /// ramp).
    /// </summary>
    public static Schedule Ramp(long steps, double start = 0.0)
    {
        if (steps < 1) throw ArgumentErrors.OutOfRange(nameof(steps), steps, "A ramp spans at least one step.");
        return new RampSchedule(steps, start);
    }

    /// <summary>
    /// Linear learning-rate warm-up: <c>(step + 1)/steps</c> for the first <paramref name="steps"/> steps (so the first
    /// step already moves), then <paramref name="then"/> (1 when null) counted from the end of the warm-up.
    /// </summary>
    public static Schedule LinearWarmup(long steps, Schedule? then = null)
    {
        if (steps < 1) throw ArgumentErrors.OutOfRange(nameof(steps), steps, "A warm-up spans at least one step.");
        return new WarmupSchedule(steps).Then(steps, then ?? Constant());
    }

    /// <summary>This schedule before step <paramref name="atStep"/>, then <paramref name="next"/>, which sees step − atStep.</summary>
    public Schedule Then(long atStep, Schedule next)
    {
        ArgumentErrors.NotNull(next);
        if (atStep < 0) throw ArgumentErrors.OutOfRange(nameof(atStep), atStep, "Steps are 0 or more.");
        return new PiecewiseSchedule(this, atStep, next);
    }

    private sealed class ConstantSchedule(double factor) : Schedule
    {
        public override double Factor(long step) => factor;
    }

    private sealed class StepDecaySchedule(long everySteps, double gamma) : Schedule
    {
        public override double Factor(long step) => Math.Pow(gamma, step / everySteps);
    }

    private sealed class CosineSchedule(long steps, double final) : Schedule
    {
        public override double Factor(long step)
            => final + ((1 - final) * (1 + Math.Cos(Math.PI * Math.Min(step, steps) / steps)) / 2);
    }

    private sealed class RampSchedule(long steps, double start) : Schedule
    {
        public override double Factor(long step) => step >= steps ? 1.0 : start + ((1 - start) * step / steps);
    }

    private sealed class WarmupSchedule(long steps) : Schedule
    {
        public override double Factor(long step) => Math.Min(1.0, (double)(step + 1) / steps);
    }

    private sealed class PiecewiseSchedule(Schedule first, long atStep, Schedule next) : Schedule
    {
        public override double Factor(long step) => step < atStep ? first.Factor(step) : next.Factor(step - atStep);
    }
}
