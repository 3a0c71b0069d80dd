extern alias generators;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using DslCrossRegAnalyzer = generators::DslCrossReg.Generators.DslCrossRegAnalyzer;
using NetworkGenerator = generators::DslCrossReg.Generators.NetworkGenerator;
using SystemGenerator = generators::DslCrossReg.Generators.SystemGenerator;

namespace DslCrossReg.Bench.Benchmarks;

/// <summary>
/// Benchmark 3: both generators over a synthetic compilation of 100 [Network] classes and 50 systems, one file each,
/// plus one unrelated file. Driver time only: the sources are parsed in each iteration's setup, into new syntax trees,
/// so that no iteration finds what an earlier one left behind (Roslyn's own caches are keyed by tree and compilation).
/// Cold = a new driver on a new compilation (nothing cached, every symbol bound); re-run = the
/// warm driver after an edit of the unrelated file, which must find every one of our steps cached (checked in the
/// setup).
/// </summary>
public class GeneratorBenchmarks
{
    /// <summary>Networks in the synthetic compilation.</summary>
    public const int Networks = 100;

    /// <summary>Systems in the synthetic compilation.</summary>
    public const int Systems = 50;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Our generators' named steps (NetworkGeneratorStepNames, SystemGeneratorStepNames); Roslyn's own steps, which
    // re-examine the edited tree, are not ours to cache.
    private static readonly string[] OurSteps =
    {
        "ParsedNetworks", "NetworkModels", "NetworkShells",
        "ParsedSystems", "ParsedNormalisedSystems", "SystemModels", "SystemShells",
    };

    private List<(string Path, string Text)> sources = null!;
    private ImmutableArray<MetadataReference> references;
    private SyntaxTree unrelated = null!;
    private Compilation compilation = null!, edited = null!;
    private GeneratorDriver driver = null!;

    /// <summary>What the setup found when it re-ran after the unrelated edit: steps not cached (should be none).</summary>
    public static string CachingReport { get; private set; } = "not checked";

    /// <summary>Parses the sources, runs once and checks the output and the caching.</summary>
    [GlobalSetup]
    public void Setup()
    {
        sources = SyntheticSources().ToList();
        references = Basic.Reference.Assemblies.Net100.References.All
            .Concat(new MetadataReference[]
            {
                MetadataReference.CreateFromFile(typeof(DslCrossReg.Layer).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
            })
            .ToImmutableArray();
        CheckOutputAndCaching();
        WarmUp();
    }

    /// <summary>
    /// Runs the cold run and the re-run <see cref="WarmUpRounds"/> times, then waits for the JIT's background
    /// tiering. A generator runs in a long-lived IDE or build-server process whose Roslyn and generator code is
    /// optimised (tier 1); BenchmarkDotNet's few warm-up iterations of a one-invocation benchmark would otherwise
    /// leave most of it at tier 0 and measure the JIT, not the generator (measured: 2–5× slower).
    /// </summary>
    private void WarmUp()
    {
        for (int i = 0; i < WarmUpRounds; i++)
        {
            var input = NewCompilation();
            NewDriver(track: false).RunGenerators(input).RunGenerators(Edit(input));
            input = NewCompilation();
            LookupOnlyDriver().RunGenerators(input).RunGenerators(Edit(input));
        }
        System.Threading.Thread.Sleep(500);
    }

    /// <summary>Rounds of <see cref="WarmUp"/>: well past the 30 calls after which .NET re-compiles a method optimised.</summary>
    public const int WarmUpRounds = 40;

    private void CheckOutputAndCaching()
    {
        var input = NewCompilation();
        var first = NewDriver(track: true).RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics);
        int generated = first.GetRunResult().Results.Sum(r => r.GeneratedSources.Length);
        var errors = diagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (generated != Networks + Systems || errors.Count > 0)
            throw new InvalidOperationException($"The synthetic compilation generated {generated} files (expected {Networks + Systems}) with {errors.Count} errors: {string.Join("; ", errors.Take(3))}");

        var second = first.RunGenerators(Edit(input)).GetRunResult();
        var notCached = second.Results
            .SelectMany(r => r.TrackedSteps.Where(s => OurSteps.Contains(s.Key)).Concat(r.TrackedOutputSteps))
            .SelectMany(s => s.Value.SelectMany(run => run.Outputs).Select(o => (Step: s.Key, o.Reason)))
            .ToList();
        var bad = notCached.Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).ToList();
        CachingReport = bad.Count == 0
            ? $"all {notCached.Count} outputs of our named steps and source outputs Cached/Unchanged after the unrelated edit ("
              + string.Join(", ", notCached.GroupBy(o => (o.Step.StartsWith("Parsed", StringComparison.Ordinal) ? "Parsed*" : "other") + " " + o.Reason).OrderBy(g => g.Key).Select(g => g.Key + " ×" + g.Count())) + ")"
            : $"{bad.Count} of {notCached.Count} tracked step outputs re-ran: " + string.Join(", ", bad.GroupBy(b => b.Step + " " + b.Reason).Select(g => g.Key + " ×" + g.Count()));
    }

    /// <summary>A compilation of newly parsed trees of the sources (the unrelated file's last).</summary>
    private Compilation NewCompilation()
    {
        unrelated = CSharpSyntaxTree.ParseText(Unrelated("x * 2"), ParseOptions, path: "Util.cs");
        return CSharpCompilation.Create(
            "Synthetic",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.Path)).Append(unrelated),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));
    }

    /// <summary><paramref name="compilation"/> after an edit of its unrelated file that touches no declaration of ours.</summary>
    private Compilation Edit(Compilation compilation)
        => compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText(Unrelated("x + x") + "\npublic class Extra { }", ParseOptions, path: "Util.cs"));

    private static GeneratorDriver LookupOnlyDriver()
        => CSharpGeneratorDriver.Create(new[] { new AttributeLookupOnlyGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    private static GeneratorDriver NewDriver(bool track) => CSharpGeneratorDriver.Create(
        new[] { new NetworkGenerator().AsSourceGenerator(), new SystemGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>A fresh driver and a fresh compilation of the parsed trees.</summary>
    [IterationSetup(Target = nameof(Cold))]
    public void SetupCold()
    {
        compilation = NewCompilation();
        driver = NewDriver(track: false);
    }

    /// <summary>Generates everything from nothing.</summary>
    [Benchmark]
    public GeneratorDriver Cold() => driver.RunGenerators(compilation);

    /// <summary>A driver that has run on the compilation, and the compilation after the unrelated edit.</summary>
    [IterationSetup(Target = nameof(RerunAfterUnrelatedEdit))]
    public void SetupRerun()
    {
        compilation = NewCompilation();
        driver = NewDriver(track: false).RunGenerators(compilation);
        edited = Edit(compilation);
    }

    /// <summary>Re-runs after an edit that touches no declaration of ours.</summary>
    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() => driver.RunGenerators(edited);

    /// <summary>The same, for a driver whose only generator registers nothing: what any re-run costs.</summary>
    [IterationSetup(Target = nameof(RerunFloorWithoutOurGenerators))]
    public void SetupFloor()
    {
        compilation = NewCompilation();
        driver = CSharpGeneratorDriver.Create(new[] { new NothingGenerator().AsSourceGenerator() }, parseOptions: ParseOptions).RunGenerators(compilation);
        edited = Edit(compilation);
    }

    /// <summary>The floor of the re-run: the driver's and Roslyn's own work for an edited compilation.</summary>
    [Benchmark]
    public GeneratorDriver RerunFloorWithoutOurGenerators() => driver.RunGenerators(edited);

    /// <summary>
    /// The same, for a generator that finds our three attributes with <c>ForAttributeWithMetadataName</c> and does
    /// nothing with them: what Roslyn's own attribute lookup costs on a re-run, before any transform of ours.
    /// </summary>
    [IterationSetup(Target = nameof(RerunFloorAttributeLookupOnly))]
    public void SetupLookupFloor()
    {
        compilation = NewCompilation();
        driver = LookupOnlyDriver().RunGenerators(compilation);
        edited = Edit(compilation);
    }

    /// <summary>The floor of any <c>ForAttributeWithMetadataName</c>-based generator over these 150 declarations.</summary>
    [Benchmark]
    public GeneratorDriver RerunFloorAttributeLookupOnly() => driver.RunGenerators(edited);

    // ---- The analyzer (DslCrossRegAnalyzer), which reports every DCR diagnostic --------------------------------------

    private Compilation analyzed = null!;
    private SyntaxTree editedNetwork = null!;

    /// <summary>
    /// What the compiler or an editor hands the analyzer after the user edits one network (<c>Net7.cs</c>, its hidden
    /// layer widened): the edited compilation with the generated files, the analyzer having analysed the compilation
    /// before the edit (so that its table of reusable results is as warm as in a long-lived process). Returns the
    /// generators' time for the same edit.
    /// </summary>
    private TimeSpan SetupAnalyzerEdit(DiagnosticAnalyzer analyzer)
    {
        var input = NewCompilation();
        var warm = NewDriver(track: false).RunGeneratorsAndUpdateCompilation(input, out var before, out _);
        Analyze(before, analyzer);
        var network = input.SyntaxTrees.Single(t => t.FilePath == "Net7.cs");
        string text = network.ToString();
        if (!text.Contains("Input(20) >> Linear(32)", StringComparison.Ordinal)) throw new InvalidOperationException("Net7.cs is not the network the edit expects");
        editedNetwork = CSharpSyntaxTree.ParseText(text.Replace("Input(20) >> Linear(32)", "Input(20) >> Linear(40)", StringComparison.Ordinal), ParseOptions, path: network.FilePath);
        var edited = input.ReplaceSyntaxTree(network, editedNetwork);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        warm.RunGeneratorsAndUpdateCompilation(edited, out analyzed, out _);
        return watch.Elapsed;
    }

    private static CompilationWithAnalyzers With(Compilation compilation, DiagnosticAnalyzer analyzer)
        => compilation.WithAnalyzers(ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));

    private static (ImmutableArray<Diagnostic> Diagnostics, TimeSpan Own) Analyze(Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var with = With(compilation, analyzer);
        var diagnostics = with.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return (diagnostics, with.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime);
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, TimeSpan Own) AnalyzeDocument(Compilation compilation, SyntaxTree tree, DiagnosticAnalyzer analyzer)
    {
        var with = With(compilation, analyzer);
        var diagnostics = with.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, default).GetAwaiter().GetResult();
        return (diagnostics, with.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime);
    }

    /// <summary>The edit, for our analyzer.</summary>
    [IterationSetup(Targets = new[] { nameof(AnalyzerEditedDocument), nameof(AnalyzerWholeCompilationAfterEdit) })]
    public void SetupAnalyzer() => SetupAnalyzerEdit(new DslCrossRegAnalyzer());

    /// <summary>The edit, for an analyzer that registers the same action and does nothing in it.</summary>
    [IterationSetup(Targets = new[] { nameof(AnalyzerFloorEditedDocument), nameof(AnalyzerFloorWholeCompilationAfterEdit) })]
    public void SetupAnalyzerFloor() => SetupAnalyzerEdit(new ClassDeclarationOnlyAnalyzer());

    /// <summary>What an editor runs after the edit: the analyzer on the edited file (wall time, the compiler's binding included).</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AnalyzerEditedDocument() => AnalyzeDocument(analyzed, editedNetwork, new DslCrossRegAnalyzer()).Diagnostics;

    /// <summary>The floor of that: any analyzer of class declarations, on the edited file.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AnalyzerFloorEditedDocument() => AnalyzeDocument(analyzed, editedNetwork, new ClassDeclarationOnlyAnalyzer()).Diagnostics;

    /// <summary>What a build runs after the edit: the analyzer on all 151 files (wall time: binding every file included).</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AnalyzerWholeCompilationAfterEdit() => Analyze(analyzed, new DslCrossRegAnalyzer()).Diagnostics;

    /// <summary>The floor of that: any analyzer of class declarations, on all 151 files.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AnalyzerFloorWholeCompilationAfterEdit() => Analyze(analyzed, new ClassDeclarationOnlyAnalyzer()).Diagnostics;

    /// <summary>
    /// --analyzer-probe: after each of <paramref name="rounds"/> edits of one network (new trees each time), interleaved:
    /// the generators' re-run, and for the edited file and for the whole compilation the analyzer's own execution time
    /// (Roslyn's analyzer telemetry: the time spent in its callbacks, what an IDE's analyzer report shows) and the wall
    /// time with the floor's, and the bytes allocated (on every thread: the analyzer runs concurrently).
    /// </summary>
    public static void AnalyzerProbe(int rounds)
    {
        var bench = new GeneratorBenchmarks();
        bench.Setup();
        var cases = new (string Name, Func<DiagnosticAnalyzer> Analyzer, bool Document)[]
        {
            ("edited file", () => new DslCrossRegAnalyzer(), true),
            ("edited file, floor", () => new ClassDeclarationOnlyAnalyzer(), true),
            ("all 151 files", () => new DslCrossRegAnalyzer(), false),
            ("all 151 files, floor", () => new ClassDeclarationOnlyAnalyzer(), false),
        };
        var wall = cases.Select(_ => new List<double>()).ToArray();
        var own = cases.Select(_ => new List<double>()).ToArray();
        var bytes = new long[cases.Length];
        var generator = new List<double>();
        for (int r = 0; r < rounds + 3; r++)
        {
            for (int c = 0; c < cases.Length; c++)
            {
                int k = r % 2 == 0 ? c : cases.Length - 1 - c;
                var analyzer = cases[k].Analyzer();
                var generatorTime = bench.SetupAnalyzerEdit(analyzer);
                long before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var (found, ownTime) = cases[k].Document ? AnalyzeDocument(bench.analyzed, bench.editedNetwork, analyzer) : Analyze(bench.analyzed, analyzer);
                double ms = watch.Elapsed.TotalMilliseconds;
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                if (found.Length != 0) throw new InvalidOperationException("The synthetic compilation has diagnostics: " + found[0]);
                if (r < 3) continue; // JIT warm-up
                wall[k].Add(ms);
                own[k].Add(ownTime.TotalMilliseconds);
                bytes[k] += allocated;
                generator.Add(generatorTime.TotalMilliseconds);
            }
        }
        static string Quartiles(List<double> v)
        {
            v.Sort();
            return FormattableString.Invariant($"median {v[v.Count / 2],7:F2} ms (quartiles {v[v.Count / 4]:F2} – {v[3 * v.Count / 4]:F2})");
        }
        Console.WriteLine(FormattableString.Invariant($"  {rounds} edits of Net7.cs (its hidden layer widened), {Networks} networks + {Systems} systems:"));
        Console.WriteLine("  generators, re-run after the edit:           " + Quartiles(generator));
        for (int c = 0; c < cases.Length; c++)
        {
            bool floor = cases[c].Name.EndsWith("floor", StringComparison.Ordinal);
            Console.WriteLine(FormattableString.Invariant($"  analyzer, {cases[c].Name,-22} wall {Quartiles(wall[c])}{(floor ? "" : ", own time " + Quartiles(own[c]))}, {bytes[c] / rounds / 1024.0:F0} KiB allocated"));
        }
    }

    /// <summary>Registers the analyzer's action (every class declaration) and does nothing in it: the floor of any such analyzer.</summary>
    // Handed to WithAnalyzers directly, never loaded by a compiler from this assembly: no [DiagnosticAnalyzer] (which
    // would make this net10.0 project a compiler extension, RS1041).
#pragma warning disable RS1001
    private sealed class ClassDeclarationOnlyAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        // One supported diagnostic: an analyzer that supports none is skipped by the driver, which is no floor at all.
#pragma warning disable RS2008 // not a shipped rule: it exists for the measurement only
        private static readonly DiagnosticDescriptor Nothing = new("FLOOR0001", "Never reported", "Never reported", "Bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Nothing);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(static _ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.ClassDeclaration);
        }
    }

    /// <summary>
    /// --generator-probe: the re-run of each generator alone and of the attribute lookup, timed over many consecutive
    /// re-runs (each on a new compilation, as an IDE makes one per edit), with the bytes each allocates.
    /// </summary>
    public static void Probe(int rounds)
    {
        var bench = new GeneratorBenchmarks();
        bench.Setup();
        var variants = new (string Name, Func<GeneratorDriver> Driver)[]
        {
            ("attribute lookup only", () => LookupOnlyDriver()),
            ("network generator", () => CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)),
            ("system generator", () => CSharpGeneratorDriver.Create(new[] { new SystemGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)),
            ("both", () => NewDriver(track: false)),
        };
        string? only = Environment.GetEnvironmentVariable("DSLCROSSREG_PROBE_ONLY");
        if (int.TryParse(Environment.GetEnvironmentVariable("DSLCROSSREG_PROBE_CHAIN"), out int chain))
        {
            // For a profiler: one driver re-run after edit after edit of the unrelated file, as in an IDE.
            var current = bench.NewCompilation();
            var chained = NewDriver(track: false).RunGenerators(current);
            var chainWatch = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < chain; i++)
            {
                var next = current.ReplaceSyntaxTree(current.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText(Unrelated("x * " + (i + 3)), ParseOptions, path: "Util.cs"));
                chained = chained.RunGenerators(next);
                current = next;
            }
            Console.WriteLine(FormattableString.Invariant($"  chain of {chain} re-runs: {chainWatch.Elapsed.TotalMilliseconds / chain:F2} ms each, parse included"));
            return;
        }
        foreach (var (name, create) in variants.Where(v => only is null || v.Name == only))
        {
            var times = new List<double>();
            long bytes = 0;
            for (int r = 0; r < rounds; r++)
            {
                var input = bench.NewCompilation();
                var driver = create().RunGenerators(input);
                var edit = bench.Edit(input);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                driver.RunGenerators(edit);
                times.Add(watch.Elapsed.TotalMilliseconds);
                bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            times.Sort();
            Console.WriteLine(FormattableString.Invariant($"  {name,-24} re-run median {times[times.Count / 2],7:F2} ms, best {times[0],7:F2} ms, {bytes / rounds / 1024.0,9:F0} KiB allocated"));
        }
    }

    /// <summary>Finds the classes carrying our attributes and keeps only their names.</summary>
    private sealed class AttributeLookupOnlyGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            foreach (var attribute in new[] { "DslCrossReg.NetworkAttribute", "DslCrossReg.CrossLossAttribute", "DslCrossReg.OutputNormAttribute" })
            {
                var names = context.SyntaxProvider.ForAttributeWithMetadataName(attribute, static (_, _) => true, static (ctx, _) => ctx.TargetSymbol.Name);
                context.RegisterSourceOutput(names, static (_, _) => { });
            }
        }
    }

    /// <summary>A generator that looks at nothing.</summary>
    private sealed class NothingGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
        }
    }

    private static string Unrelated(string body) =>
        "namespace Synthetic; public static class Util { public static int Twice(int x) => " + body + "; }";

    /// <summary>100 networks of varied widths and depths and 50 systems over consecutive pairs, cycling the cross methods.</summary>
    public static IEnumerable<(string Path, string Text)> SyntheticSources()
    {
        for (int i = 0; i < Networks; i++)
        {
            int hidden = 32 + 8 * (i % 7);
            string extra = i % 3 == 0 ? $" >> Linear({hidden}) >> Tanh" : "";
            yield return ($"Net{i}.cs", $$"""
                using DslCrossReg;
                using static DslCrossReg.Layers;
                namespace Synthetic;
                [Network]
                public partial class Net{{i}}
                {
                    static Layer Architecture => Input(20) >> Linear({{hidden}}) >> ReLU{{extra}} >> Linear(16).Tap("embedding") >> Linear(4);
                }
                """);
        }
        for (int j = 0; j < Systems; j++)
        {
            string term = (j % 3) switch
            {
                0 => "[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = \"embedding\")]",
                1 => "[CrossLoss(CrossMethod.Contrastive, 0.05, Tap = \"embedding\")]",
                _ => "[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = \"A\", Student = \"B\", Tap = \"embedding\")]",
            };
            yield return ($"System{j}.cs", $$"""
                using DslCrossReg;
                namespace Synthetic;
                {{term}}
                public partial class System{{j}}
                {
                    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial Net{{2 * j}} A { get; }
                    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial Net{{2 * j + 1}} B { get; }
                }
                """);
        }
    }
}
