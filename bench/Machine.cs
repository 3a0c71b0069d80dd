using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace DslCrossReg.Bench;

/// <summary>The machine line every run prints, for the README's table.</summary>
public static class Machine
{
    /// <summary>CPU model, cores, memory, OS, runtime, TorchSharp threads and the load average at start.</summary>
    public static string Describe(BenchOptions options)
    {
        string cpu = Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string memory = Read("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        string load = Read("/proc/loadavg")?.Split(' ').Take(3).Aggregate((a, b) => a + " " + b) ?? "?";
        return $"Machine: {cpu}, {Environment.ProcessorCount} logical cores, {memory} RAM; {RuntimeInformation.OSDescription}; " +
               $".NET {Environment.Version}; TorchSharp threads {options.Threads}; load average at start {load}; " +
               $"mode {(options.Quick ? "--quick" : "full")}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }

    private static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
