using System.Collections;
using System.Collections.Generic;
using Microsoft.Build.Framework;

namespace DslCrossReg.Build.Tasks.Tests.Fakes;

/// <summary>An IBuildEngine that keeps every event so tests can count messages and read warning codes.</summary>
internal sealed class RecordingBuildEngine : IBuildEngine
{
    public List<BuildMessageEventArgs> Messages { get; } = new();
    public List<BuildWarningEventArgs> Warnings { get; } = new();
    public List<BuildErrorEventArgs> Errors { get; } = new();

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "test.proj";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);
    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
}
