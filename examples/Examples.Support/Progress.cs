using System;
using System.Threading.Tasks;
using Spectre.Console;

namespace DslCrossReg.Examples;

/// <summary>
/// Progress of the training runs: a live Spectre.Console bar with the current term values on a terminal, plain
/// lines when output is redirected (CI logs, tests).
/// </summary>
public static class Progress
{
    /// <summary>Whether a live display can be drawn.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/>, which reports (done, total, status) through the callback it receives.</summary>
    public static void Run(string title, Action<Action<int, int, string>> work)
    {
        if (!Interactive)
        {
            int lastPercent = -1;
            work((done, total, status) =>
            {
                int percent = total == 0 ? 100 : done * 100 / total;
                if (percent / 25 == lastPercent / 25 && done != total) return;
                lastPercent = percent;
                Console.WriteLine($"  {title}: {done}/{total} {status}");
            });
            return;
        }

        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title));
                work((done, total, status) =>
                {
                    task.MaxValue = Math.Max(1, total);
                    task.Value = done;
                    task.Description = Markup.Escape(title + "  " + status);
                });
                task.StopTask();
            });
    }
}
