using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Bench;

/// <summary>The program's own options; everything else goes to BenchmarkDotNet.</summary>
public sealed record BenchOptions(bool Quick, int Threads, int SoakSteps, bool SoakOnly, bool CheckOnly, int ProfileRepetitions, int PairedRounds, bool PairedOnly, string[] BenchmarkArgs)
{
    /// <summary>Runs per shape of the interleaved measurement, each with both sides built anew (--paired-runs N).</summary>
    public int PairedRuns { get; init; } = 3;

    /// <summary>Only the shapes whose label contains this (--shape TEXT), or all.</summary>
    public string? ShapeFilter { get; init; }

    /// <summary>The soak length the issue asks for.</summary>
    public const int FullSoakSteps = 20_000;

    /// <summary>The soak length of --quick: readings at 1,000 … 5,000 still show any growth after the first 1,000.</summary>
    public const int QuickSoakSteps = 5_000;

    /// <summary>Reads the command line.</summary>
    public static BenchOptions Parse(string[] args)
    {
        bool quick = false, noSoak = false, soakOnly = false, check = false, pairedOnly = false;
        int threads = Environment.ProcessorCount;
        int? soakSteps = null, pairedRounds = null;
        int pairedRuns = 3;
        string? shapeFilter = null;
        int profile = 0;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--no-soak": noSoak = true; break;
                case "--soak-only": soakOnly = true; break;
                case "--paired-only": pairedOnly = true; break;
                case "--check": check = true; break;
                case "--alloc-probe" or "--spread-noise" or "--ops" or "--growth" or "--tiny" or "--ablate" or "--generator-probe" or "--analyzer-probe" or "--edit-probe" or "--plainest-race": break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--soak-steps": soakSteps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--paired-rounds": pairedRounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--paired-runs": pairedRuns = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--shape": shapeFilter = args[++i]; break;
                case "--profile": profile = 2000; break;
                default: rest.Add(args[i]); break;
            }
        }
        // Without a filter BenchmarkDotNet asks interactively which benchmark to run; the suite runs them all.
        if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h")) rest.AddRange(new[] { "--filter", "*" });
        return new BenchOptions(quick, threads, noSoak || pairedOnly ? 0 : soakSteps ?? (quick ? QuickSoakSteps : FullSoakSteps), soakOnly, check,
            profile, pairedRounds ?? (quick ? 11 : 31), pairedOnly, rest.ToArray()) { PairedRuns = pairedRuns, ShapeFilter = shapeFilter };
    }
}
