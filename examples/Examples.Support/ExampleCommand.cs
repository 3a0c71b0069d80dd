using System;
using System.CommandLine;

namespace DslCrossReg.Examples;

/// <summary>
/// The command line every example shares (<c>--epochs --seed --data --out --quick</c>); an example adds its own
/// options to <see cref="Root"/> and turns a parse into <see cref="ExampleOptions"/> with <see cref="Options"/>.
/// </summary>
public sealed class ExampleCommand
{
    private readonly string? name;
    private readonly Option<int> epochs;
    private readonly Option<long> seed = new("--seed") { Description = "Seeds parameters, the split and the data order.", DefaultValueFactory = _ => 42 };
    private readonly Option<string?> data = new("--data") { Description = "A directory of MNIST IDX files (default: the embedded 10,000 digits)." };
    private readonly Option<string?> output = new("--out") { Description = "Where the results table, plots, TensorBoard event files and diagrams go (default runs/<example>-<timestamp>)." };
    private readonly Option<bool> quick = new("--quick") { Description = "A few seconds: one epoch over a small subset (for tests)." };
    private readonly Option<int> threads = new("--threads") { Description = "TorchSharp's intra-op threads (default 1: these networks are too small to split).", DefaultValueFactory = _ => 1 };

    /// <summary>
    /// Creates the command of example <paramref name="name"/> (null: the main job, whose runs go to
    /// <c>runs/&lt;timestamp&gt;</c>). With <paramref name="defaultEpochs"/> null each run has its own budget, and
    /// <c>--epochs</c>, when given, replaces every run's (see <see cref="ExampleOptions.EpochsOr"/>).
    /// </summary>
    public ExampleCommand(string? name, string description, int? defaultEpochs)
    {
        this.name = name;
        epochs = defaultEpochs is { } fixedEpochs
            ? new Option<int>("--epochs") { Description = "Passes over the training split per run.", DefaultValueFactory = _ => fixedEpochs }
            : new Option<int>("--epochs") { Description = "Passes over the training split, for every run (default: each run's own budget)." };
        epochs.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<int>() < 1) result.AddError("--epochs must be at least 1.");
        });
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--threads must be at least 1.");
        });
        Root = new RootCommand(description) { epochs, seed, data, output, quick, threads };
    }

    /// <summary>The root command; add example-specific options to it.</summary>
    public RootCommand Root { get; }

    /// <summary>The common options of a parse (quick mode trains one epoch).</summary>
    public ExampleOptions Options(ParseResult parse)
    {
        bool isQuick = parse.GetValue(quick);
        return new ExampleOptions(
            isQuick ? 1 : parse.GetValue(epochs),
            parse.GetValue(seed),
            parse.GetValue(output) ?? ExampleOptions.DefaultOutputDirectory(name),
            isQuick,
            parse.GetValue(data),
            Threads: parse.GetValue(threads));
    }

    /// <summary>Runs <paramref name="run"/> on the parsed options of <paramref name="args"/>; returns the exit code.</summary>
    public int Invoke(string[] args, Func<ExampleOptions, int> run)
    {
        Root.SetAction(parse => run(Options(parse)));
        return Root.Parse(args).Invoke();
    }
}
