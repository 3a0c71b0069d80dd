using System;
using System.IO;
using TorchSharp;

namespace DslCrossReg.Fitting.Observers;

/// <summary>
/// Writes a Fit run to a TensorBoard event file in <see cref="Directory"/> through TorchSharp's <c>SummaryWriter</c>:
/// <c>train/total</c> and <c>train/&lt;term&gt;</c> for every step, <c>lr/&lt;member&gt;</c>,
/// <c>weight_scale/&lt;term&gt;</c>, and <c>validation/&lt;metric&gt;</c> at steps done.
/// </summary>
public sealed class TensorBoardLog : IFitObserver
{
    private TorchSharp.Modules.SummaryWriter? writer;

    /// <summary>Logs to an event file in <paramref name="directory"/> (created when missing).</summary>
    public TensorBoardLog(string directory)
    {
        ArgumentErrors.NotNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The event files' directory.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public void OnStart(FitStart start)
    {
        System.IO.Directory.CreateDirectory(Directory);
        writer = torch.utils.tensorboard.SummaryWriter(Directory);
    }

    /// <inheritdoc/>
    public void OnStep(FitStep step)
    {
        if (writer is null) return;
        int at = Step(step.Step);
        writer.add_scalar("train/total", (float)step.Result.Total, at);
        foreach (var (name, value) in step.Result.Terms) writer.add_scalar("train/" + name, (float)value, at);
        foreach (var (name, value) in step.LearningRates) writer.add_scalar("lr/" + name, (float)value, at);
        foreach (var (name, value) in step.TermWeightScales) writer.add_scalar("weight_scale/" + name, (float)value, at);
    }

    /// <inheritdoc/>
    public void OnValidation(FitValidation validation)
    {
        if (writer is null) return;
        foreach (var (name, value) in validation.Metrics) writer.add_scalar("validation/" + name, (float)value, Step(validation.Step));
    }

    /// <inheritdoc/>
    public void OnEnd(FitHistory history) => writer = null;

    private static int Step(long step) => (int)Math.Min(step, int.MaxValue);
}
