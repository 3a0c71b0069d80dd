using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace DslCrossReg.Fitting.Observers;

/// <summary>
/// Writes a Fit run as CSV rows <c>kind,step,epoch,name,value</c>: kind <c>train</c> for every term of every step (and
/// <c>total</c>), <c>lr</c> for learning rates, <c>weight_scale</c> for cross-term multipliers, <c>validation</c> for
/// metrics (step = steps done when it ran). Values are written round-trip exact; names are quoted as RFC 4180 says.
/// </summary>
public sealed class CsvLog : IFitObserver
{
    private StreamWriter? writer;

    /// <summary>Logs to <paramref name="path"/> (replaced, or appended to with <paramref name="append"/>: e.g. when resuming).</summary>
    public CsvLog(string path, bool append = false)
    {
        ArgumentErrors.NotNullOrEmpty(path);
        Path = path;
        Append = append;
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>Whether rows are added to an existing file.</summary>
    public bool Append { get; }

    /// <inheritdoc/>
    public void OnStart(FitStart start)
    {
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null) Directory.CreateDirectory(directory);
        bool header = !Append || !File.Exists(Path) || new FileInfo(Path).Length == 0;
        writer = new StreamWriter(Path, Append, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (header) writer.WriteLine("kind,step,epoch,name,value");
    }

    /// <inheritdoc/>
    public void OnStep(FitStep step)
    {
        Row("train", step.Step, step.Epoch, "total", step.Result.Total);
        foreach (var (name, value) in step.Result.Terms) Row("train", step.Step, step.Epoch, name, value);
        foreach (var (name, value) in step.LearningRates) Row("lr", step.Step, step.Epoch, name, value);
        foreach (var (name, value) in step.TermWeightScales) Row("weight_scale", step.Step, step.Epoch, name, value);
    }

    /// <inheritdoc/>
    public void OnValidation(FitValidation validation)
    {
        foreach (var (name, value) in validation.Metrics) Row("validation", validation.Step, validation.Epoch, name, value);
        writer?.Flush();
    }

    /// <inheritdoc/>
    public void OnEpochEnd(int epoch) => writer?.Flush();

    /// <inheritdoc/>
    public void OnEnd(FitHistory history)
    {
        writer?.Dispose();
        writer = null;
    }

    private void Row(string kind, long step, int epoch, string name, double value)
        => writer?.WriteLine(string.Join(",", kind, step.ToString(CultureInfo.InvariantCulture), epoch.ToString(CultureInfo.InvariantCulture), Quote(name), value.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>A field quoted when it holds a comma, a quote or a line break, its quotes doubled.</summary>
    public static string Quote(string field)
        => field.Any(c => c is ',' or '"' or '\n' or '\r') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
