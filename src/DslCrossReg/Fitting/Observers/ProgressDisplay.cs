using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Spectre.Console;

namespace DslCrossReg.Fitting.Observers;

/// <summary>
/// Shows a Fit run's progress: a live Spectre.Console bar with the latest terms on an interactive terminal; plain
/// lines (at every quarter of the run, at each validation and at the end) when output is redirected or
/// <see cref="Interactive"/> is false.
/// </summary>
public sealed class ProgressDisplay : IFitObserver
{
    private readonly TextWriter? plain;
    private long total;
    private long startStep;
    private int lastQuarter = -1;
    private ProgressTask? task;
    private TaskCompletionSource? finished;
    private Task? rendering;
    private bool live;

    /// <summary>
    /// A display titled <paramref name="title"/>. <paramref name="interactive"/> null: live when the console is an
    /// interactive terminal whose output is not redirected. Plain lines go to <paramref name="output"/> (the console
    /// when null).
    /// </summary>
    public ProgressDisplay(string title = "training", bool? interactive = null, TextWriter? output = null)
    {
        Title = title;
        Interactive = interactive ?? (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);
        plain = output;
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>Whether a live bar is drawn (otherwise plain lines).</summary>
    public bool Interactive { get; }

    private TextWriter Output => plain ?? Console.Out;

    /// <inheritdoc/>
    public void OnStart(FitStart start)
    {
        startStep = start.Step;
        total = start.BatchesPerEpoch is { } perEpoch ? (long)perEpoch * start.Epochs : 0;
        lastQuarter = -1;
        live = Interactive;
        if (!live)
        {
            Output.WriteLine(Title + ": " + (start.Step > 0 ? $"resumed at step {start.Step} (epoch {start.Epoch + 1})" : "started") + (total > 0 ? $", {total} steps in all" : string.Empty));
            return;
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = finished.Task;
        rendering = Task.Run(() => AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                task = context.AddTask(Markup.Escape(Title), maxValue: Math.Max(1, total));
                task.Value = startStep;
                ready.TrySetResult();
                done.Wait();
                task.StopTask();
            }));
        // A display that cannot start (another live display is running, say) must not hang the run: plain lines then.
        Task.WaitAny(ready.Task, rendering);
        if (!ready.Task.IsCompleted)
        {
            string reason = rendering.Exception?.GetBaseException().Message ?? "it could not start";
            live = false;
            finished = null;
            rendering = null;
            task = null;
            Output.WriteLine(Title + ": started (no live display: " + reason + ")");
        }
    }

    /// <inheritdoc/>
    public void OnStep(FitStep step)
    {
        long done = step.Step + 1;
        string status = Status(step);
        if (task is not null)
        {
            if (total == 0) task.MaxValue = done + 1;
            task.Value = done;
            task.Description = Markup.Escape(Title + "  " + status);
            return;
        }
        if (live) return;
        int quarter = total > 0 ? (int)(done * 4 / total) : -1;
        if (total == 0 || quarter == lastQuarter) return;
        lastQuarter = quarter;
        Output.WriteLine($"  {Title}: {done}/{total} {status}");
    }

    /// <inheritdoc/>
    public void OnValidation(FitValidation validation)
    {
        string line = $"  {Title}: validation after {validation.Step} steps (epoch {validation.Epoch + 1}): "
                      + string.Join("  ", validation.Metrics.Select(m => m.Key + " " + m.Value.ToString("G5", CultureInfo.InvariantCulture)));
        if (task is not null) AnsiConsole.MarkupLine(Markup.Escape(line));
        else Output.WriteLine(line);
    }

    /// <inheritdoc/>
    public void OnEnd(FitHistory history)
    {
        if (finished is not null)
        {
            finished.TrySetResult();
            rendering?.Wait();
            finished = null;
            rendering = null;
            task = null;
        }
        string line = $"{Title}: {history.StopReason.ToString().ToLowerInvariant()} after {history.StepCount} steps";
        if (live) AnsiConsole.MarkupLine(Markup.Escape(line));
        else Output.WriteLine(line);
    }

    private static string Status(FitStep step)
        => string.Join("  ", step.Result.Terms.Select(t => t.Key + " " + t.Value.ToString("F3", CultureInfo.InvariantCulture)));
}
