using System.Collections.Generic;
using System.Globalization;

namespace DslCrossReg.Examples.EnsembleDiversity;

/// <summary>The results table of the experiment.</summary>
public static class ResultsReport
{
    /// <summary>The table of <paramref name="rows"/>.</summary>
    public static ResultsTable Table(IReadOnlyList<ResultRow> rows)
    {
        var table = new ResultsTable(
            "Run", "B's extra term", "A", "B", "Ensemble", "Disagreement", "B right where A wrong", "Δθ (mean abs.)", "Final terms", "A's SHA-256", "Time");
        foreach (var row in rows)
        {
            table.Add(
                row.Run,
                row.Term,
                ResultsTable.Percent(row.AccuracyA),
                ResultsTable.Percent(row.AccuracyB),
                ResultsTable.Percent(row.EnsembleAccuracy),
                ResultsTable.Percent(row.Disagreement),
                $"{row.BRightWhereAWrong}/{row.AWrong} ({ResultsTable.Percent(row.AWrong == 0 ? double.NaN : (double)row.BRightWhereAWrong / row.AWrong)})",
                row.ParameterDifference.ToString("F4", CultureInfo.InvariantCulture),
                ResultsTable.Terms(row.FinalTerms),
                row.FingerprintA[..16],
                ResultsTable.Seconds(row.WallTime));
        }
        return table;
    }
}
