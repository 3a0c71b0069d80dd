using System.Collections.Generic;
using System.Globalization;

namespace DslCrossReg.Examples.SharedNormalization;

/// <summary>The results table of the normalisations.</summary>
public static class ResultsReport
{
    /// <summary>The table of <paramref name="rows"/>.</summary>
    public static ResultsTable Table(IReadOnlyList<ResultRow> rows)
    {
        var table = new ResultsTable(
            "Normalisation", "Test accuracy", "Agreement", "Test MSE (share of target variance)",
            "First.task when Second's outputs +1", "Final terms", "Time", "Bug check");
        foreach (var row in rows)
        {
            double share = (row.FirstMse + row.SecondMse) / 2 / row.TargetVariance;
            table.Add(
                row.System,
                "First " + ResultsTable.Percent(row.FirstAccuracy) + ", Second " + ResultsTable.Percent(row.SecondAccuracy),
                ResultsTable.Percent(row.Agreement),
                $"First {G(row.FirstMse)}, Second {G(row.SecondMse)} ({ResultsTable.Percent(share)})",
                $"{G(row.Coupling.Before)} → {G(row.Coupling.After)}" + (row.Coupling.Before == row.Coupling.After ? " (unchanged)" : string.Empty),
                ResultsTable.Terms(row.FinalTerms),
                ResultsTable.Seconds(row.WallTime),
                row.Check);
        }
        return table;
    }

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
