using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>The main job's results table.</summary>
public static class ResultsReport
{
    /// <summary>The table of <paramref name="rows"/>.</summary>
    public static ResultsTable Table(IReadOnlyList<ResultRow> rows)
    {
        var table = new ResultsTable("Method", "Test accuracy", "R@1 (left→right)", "Final terms", "Time", "Notes");
        foreach (var row in rows)
        {
            table.Add(
                row.Method,
                string.Join(", ", row.Accuracy.Select(a => a.Key + " " + ResultsTable.Percent(a.Value))),
                row.RecallAt1 is { } r ? ResultsTable.Percent(r) : "–",
                ResultsTable.Terms(row.FinalTerms),
                ResultsTable.Seconds(row.WallTime),
                row.Notes);
        }
        return table;
    }
}
