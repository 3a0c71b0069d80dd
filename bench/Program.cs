using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DslCrossReg.Bench;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Soak;
using DslCrossReg.Bench.Steps;
using Perfolizer.Horology;

// dotnet run -c Release --project bench -- [--quick] [--threads N] [--soak-steps N] [--no-soak] [--soak-only] [--check] [BenchmarkDotNet options]
var options = BenchOptions.Parse(args);
BenchSettings.Threads = options.Threads;
BenchSettings.Apply();
Console.WriteLine(Machine.Describe(options));

if (options.CheckOnly)
{
    SelfCheck.Run();
    return 0;
}

if (args.Contains("--growth"))
{
    GrowthProbe.Run(args.Contains("--tiny") ? NetSize.Tiny : NetSize.Mlp, 12, 100);
    return 0;
}

if (args.Contains("--generator-probe"))
{
    GeneratorBenchmarks.Probe(200);
    return 0;
}

if (args.Contains("--edit-probe"))
{
    EditProbe.Run(int.TryParse(Environment.GetEnvironmentVariable("DSLCROSSREG_PROBE_ROUNDS"), out int editRounds) ? editRounds : 100);
    return 0;
}

if (args.Contains("--plainest-race"))
{
    PlainestRace.Run(runs: 3, rounds: 20);
    return 0;
}

if (args.Contains("--analyzer-probe"))
{
    GeneratorBenchmarks.AnalyzerProbe(int.TryParse(Environment.GetEnvironmentVariable("DSLCROSSREG_PROBE_ROUNDS"), out int probeRounds) ? probeRounds : 40);
    return 0;
}

if (args.Contains("--spread-noise"))
{
    SpreadNoise.Run(rounds: options.PairedRounds, runs: options.PairedRuns);
    return 0;
}

if (args.Contains("--alloc-probe"))
{
    AllocationProbe.Run(args.Contains("--ops"));
    return 0;
}

if (args.Contains("--ablate"))
{
    StepAblation.Run(options.PairedRounds);
    return 0;
}

if (options.ProfileRepetitions > 0)
{
    StepProfile.Run(options.ProfileRepetitions);
    return 0;
}

IEnumerable<Summary> summaries = Array.Empty<Summary>();
if (!options.SoakOnly && !options.PairedOnly)
{
    // In process: the benchmarks run against the very native TorchSharp this build loads and patches, with the
    // thread setting above, and no second build of this project per benchmark.
    var job = options.Quick
        ? Job.Default.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(TimeInterval.FromMilliseconds(150)).WithId("Quick")
        : Job.Default.WithWarmupCount(5).WithIterationCount(20).WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Full");
    var config = DefaultConfig.Instance
        .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
        .WithOptions(ConfigOptions.JoinSummary);
    summaries = BenchmarkSwitcher
        .FromTypes(new[] { typeof(StepBenchmarks), typeof(ForwardBenchmarks), typeof(GeneratorBenchmarks), typeof(ThroughputBenchmarks) })
        .Run(options.BenchmarkArgs, config)
        .ToList();
}

var paired = options.SoakOnly || options.PairedRounds == 0 ? new List<PairedRatio>() : PairedRatios.Measure(options.PairedRounds, options.PairedRuns, options.ShapeFilter);
(SoakRun Generated, SoakRun Naive)? soak = options.SoakSteps > 0 ? MemorySoak.Run(options.SoakSteps) : null;
ResultSummary.Print(summaries, paired, soak, options);
return 0;
