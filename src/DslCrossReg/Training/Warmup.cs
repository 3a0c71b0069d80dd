using System;

namespace DslCrossReg.Training;

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
