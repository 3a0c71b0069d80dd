using System;
using System.Collections.Generic;
using System.Linq;

namespace DslCrossReg.Training;

/// <summary>
/// Scenario 1's advice — compare the cross term's magnitude with the task losses; too large and the networks
/// ignore their objectives — as a check every step runs on its own numbers.
/// </summary>
public static class MagnitudeChecks
{
    /// <summary>The ratio above which a cross term is reported.</summary>
    public const double DefaultRatio = 10;

    /// <summary>
    /// The cross terms whose absolute weighted value exceeds <paramref name="ratio"/> × the sum of the task losses
    /// they accompany (<paramref name="crossTermTasks"/>: term name → task term names). Terms that accompany no
    /// task loss are not judged.
    /// </summary>
    public static IReadOnlyList<MagnitudeWarning> Find(
        IReadOnlyDictionary<string, double> terms,
        IReadOnlyDictionary<string, string[]> crossTermTasks,
        double ratio = DefaultRatio)
    {
        ArgumentErrors.NotNull(terms);
        ArgumentErrors.NotNull(crossTermTasks);
        var warnings = new List<MagnitudeWarning>();
        foreach (var (term, tasks) in crossTermTasks)
        {
            if (tasks.Length == 0 || !terms.TryGetValue(term, out var value)) continue;
            double task = tasks.Sum(t => terms.TryGetValue(t, out var v) ? v : 0);
            if (Math.Abs(value) > ratio * Math.Abs(task))
                warnings.Add(new MagnitudeWarning(term, value, task, ratio));
        }
        return warnings;
    }
}
