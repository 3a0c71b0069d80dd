using System;

namespace DslCrossReg.Checkpoints;

/// <summary>A checkpoint could not be written or read; the message names the file and the problem.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"Checkpoint '{path}': {problem}", inner) => Path = path;

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }
}
