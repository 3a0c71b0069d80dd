using System;
using System.Collections.Generic;

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
        // Runs after every step: no list unless there is a warning, no closure.
        List<MagnitudeWarning>? warnings = null;
        if (crossTermTasks is Dictionary<string, string[]> dictionary)
        {
            // The generated systems' table: enumerated without boxing its enumerator.
            foreach (var (term, tasks) in dictionary) Check(terms, term, tasks, ratio, ref warnings);
        }
        else
        {
            foreach (var (term, tasks) in crossTermTasks) Check(terms, term, tasks, ratio, ref warnings);
        }
        return warnings ?? (IReadOnlyList<MagnitudeWarning>)Array.Empty<MagnitudeWarning>();
    }

    private static void Check(IReadOnlyDictionary<string, double> terms, string term, string[] tasks, double ratio, ref List<MagnitudeWarning>? warnings)
    {
        if (tasks.Length == 0 || !terms.TryGetValue(term, out var value)) return;
        double task = 0;
        foreach (var t in tasks) task += terms.TryGetValue(t, out var v) ? v : 0;
        if (Math.Abs(value) > ratio * Math.Abs(task))
            (warnings ??= new List<MagnitudeWarning>()).Add(new MagnitudeWarning(term, value, task, ratio));
    }
}
