using System.Linq;
using DslCrossReg.Fitting;
using Xunit;

namespace DslCrossReg.Docs.Tests;

/// <summary>The getting-started page's program, run as a reader would run it.</summary>
public class GettingStartedTests
{
    [Fact]
    public void The_first_program_steps_fits_and_learns()
    {
        FitHistory history = MyApp.Program.Run();

        Assert.Equal(FitStopReason.Completed, history.StopReason);
        Assert.Equal(5 * 2048 / 64, history.Steps.Count);
        Assert.All(history.Steps, s => Assert.True(s.Result.Applied));
        var terms = history.Steps[0].Result.Terms.Keys.OrderBy(k => k, System.StringComparer.Ordinal);
        Assert.Equal(new[] { "EmbeddingDistance(Left,Right)", "Left.task", "Right.task" }, terms);

        // The task losses fall from near ln 2 (chance on two classes) to well below it.
        double early = history.Steps.Take(10).Average(s => s.Result.Terms["Left.task"] + s.Result.Terms["Right.task"]);
        var late = history.TermMeans(lastSteps: 10);
        Assert.True(late["Left.task"] + late["Right.task"] < 0.5 * early,
            $"task losses {early:F3} over the first 10 steps, {late["Left.task"] + late["Right.task"]:F3} over the last 10");
    }
}
