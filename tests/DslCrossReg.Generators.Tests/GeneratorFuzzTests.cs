using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Fuzzes both generators with seeded token-level mutants of every declaration of the repository (see
/// <see cref="FuzzCorpus"/>): tokens deleted, duplicated or swapped, numbers replaced by out-of-range values or
/// non-constants, names replaced by unknown, empty or duplicate ones, the file truncated, up to three at once. Every
/// mutant must run without a generator exception (CS8784/CS8785), an analyzer exception (AD0001) or the generator's
/// internal-error diagnostic (DCR0013), within <see cref="TimeBound"/>, and whatever it generates must parse. When
/// the mutant parses and the generators report no error, the generated code must also compile, unless the mutation
/// gave the user's own code a compiler error of its own. The generator assembly exports no analyzer today; any it
/// exports later is run over every mutant too.
/// <para>
/// The default run is <see cref="DefaultIterations"/> mutants from the fixed seed <see cref="DefaultSeed"/>, so CI
/// always sees the same ones. A longer, benchmark-style run: set <c>DSLCROSSREG_FUZZ_ITERATIONS</c> (say 20000);
/// <c>DSLCROSSREG_FUZZ_SEED</c> picks another seed. Each iteration seeds its own <see cref="Random"/> from the seed
/// and its number, so a failure names all it takes to replay it: seed, iteration, source, mutations and the mutant.
/// </para>
/// </summary>
public class GeneratorFuzzTests
{
    public const string IterationsVariable = "DSLCROSSREG_FUZZ_ITERATIONS";
    public const string SeedVariable = "DSLCROSSREG_FUZZ_SEED";
    private const int DefaultIterations = 2000;
    private const int DefaultSeed = 20261124;
    // The corpus had 12 declaration files and 151 entries in all when this test was written: far fewer means the
    // corpus was not found where it should be, not that the repository shrank.
    private const int MinimumFiles = 10;
    private const int MinimumEntries = 60;
    private const int ReportedFailures = 10;
    private const int Lanes = 2;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(2);
    // A mutant over TimeBound fails only if it is also this many times slower than its unmutated declaration, timed
    // alike: a bigger corpus file or a busy machine slows both; a declaration that trips the generators up does not.
    private const double SlowdownBound = 3;

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(NetworkGenerator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private readonly ITestOutputHelper output;

    /// <summary>The ids of the DCR diagnostics the analyzer reported on the last mutant this thread checked.</summary>
    private static readonly System.Threading.ThreadLocal<HashSet<string>> DcrIds = new(() => new HashSet<string>(StringComparer.Ordinal));

    public GeneratorFuzzTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Corpus_holds_the_repository_declarations()
    {
        var entries = FuzzCorpus.Entries;
        int files = entries.Count(e => !e.Embedded);
        Assert.True(files >= MinimumFiles && entries.Count >= MinimumEntries,
            $"The fuzz corpus under '{FuzzCorpus.RepositoryRoot}' has {files} declaration files and {entries.Count} entries in all; "
            + $"expected at least {MinimumFiles} and {MinimumEntries}. Is the recorded RepositoryRoot right?");
        Assert.Contains(entries, e => e.Name == "examples/TwoViewMnist/Systems.cs" && e.Companions.Count > 0);
        Assert.Contains(entries, e => e.Embedded && e.Source.Contains("[CrossLoss", StringComparison.Ordinal));
    }

    [Fact]
    public void Mutated_declarations_never_crash_the_generators()
    {
        int iterations = FromEnvironment(IterationsVariable, DefaultIterations);
        int seed = FromEnvironment(SeedVariable, DefaultSeed);
        var entries = FuzzCorpus.Entries;
        Assert.True(entries.Count >= MinimumEntries, $"The fuzz corpus has only {entries.Count} entries (is RepositoryRoot '{FuzzCorpus.RepositoryRoot}' right?).");

        var failures = new List<(int Iteration, string Text)>();

        // The unmutated corpus first: it must pass too, and it warms the JIT up before runs are timed.
        var verified = new HashSet<string>(StringComparer.Ordinal);
        var bases = entries.Select(e => GeneratorHarness.Compilation(e.Companions.ToArray())).ToList();
        var baselineTimes = entries.Select((e, i) => new Lazy<TimeSpan>(() =>
        {
            var tree = CSharpSyntaxTree.ParseText(e.Source, GeneratorHarness.ParseOptions, path: "Mutant.cs");
            return Min(TimeOf(bases[i], tree), TimeOf(bases[i], tree));
        })).ToList();
        var baselineErrors = entries.Select((e, i) => new Lazy<HashSet<string>>(() =>
            InputErrors(bases[i].AddSyntaxTrees(CSharpSyntaxTree.ParseText(e.Source, GeneratorHarness.ParseOptions, path: "Mutant.cs"))))).ToList();
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var problems = Check(bases[i], baselineErrors[i], verified, entry.Source, timed: false, out _, out _);
            if (problems.Count > 0) failures.Add((-1, Describe(entry, seed, -1, Array.Empty<Mutation>(), entry.Source, problems)));
        }

        // Two lanes (the CI machines have two cores), each with the iterations of its parity and a cache of its own,
        // so that what is checked, and so what fails, never depends on timing.
        var total = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        int withOutput = 0;
        var diagnosticCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var gate = new object();
        System.Threading.Tasks.Parallel.For(0, Lanes, lane =>
        {
            var laneVerified = new HashSet<string>(verified, StringComparer.Ordinal);
            for (int iteration = lane; iteration < iterations; iteration += Lanes)
            {
                var entry = entries[iteration % entries.Count];
                var random = new Random(unchecked(seed * 7919 + iteration));
                var (mutant, mutations) = TokenMutator.Mutate(entry.Source, random);
                var problems = Check(bases[iteration % entries.Count], baselineErrors[iteration % entries.Count], laneVerified, mutant, timed: true, out var elapsed, out var run);
                if (elapsed > TimeBound)
                {
                    var baseline = baselineTimes[iteration % entries.Count].Value;
                    if (elapsed.TotalMilliseconds > SlowdownBound * baseline.TotalMilliseconds)
                        problems.Add(string.Create(CultureInfo.InvariantCulture,
                            $"took {elapsed.TotalMilliseconds:F0} ms (fastest of three runs), over the bound of {TimeBound.TotalMilliseconds:F0} ms and {SlowdownBound}× the {baseline.TotalMilliseconds:F0} ms of the unmutated declaration"));
                }
                lock (gate)
                {
                    if (problems.Count > 0) failures.Add((iteration, Describe(entry, seed, iteration, mutations, mutant, problems)));
                    if (elapsed > slowest) slowest = elapsed;
                    if (run is not null)
                    {
                        if (run.GeneratedTrees.Length > 0) withOutput++;
                        foreach (var id in DcrIds.Value!)
                            diagnosticCounts[id] = diagnosticCounts.TryGetValue(id, out int n) ? n + 1 : 1;
                    }
                }
            }
        });
        total.Stop();
        int failureCount = failures.Count;
        var reported = failures.OrderBy(f => f.Iteration).Take(ReportedFailures).Select(f => f.Text).ToList();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{iterations} mutants of {entries.Count} corpus entries ({entries.Count(e => !e.Embedded)} files), seed {seed}: "
            + $"{total.Elapsed.TotalSeconds:F1} s, slowest {slowest.TotalMilliseconds:F0} ms, {withOutput} with generated code, {failureCount} failing."));
        output.WriteLine("Mutants per generator diagnostic: " + string.Join(", ", diagnosticCounts.Select(p => p.Key + "=" + p.Value)));

        Assert.True(failureCount == 0,
            $"{failureCount} of {iterations} mutants (seed {seed}) failed; the first {reported.Count}:\n\n" + string.Join("\n\n", reported));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        new[] { new NetworkGenerator().AsSourceGenerator(), new SystemGenerator().AsSourceGenerator() },
        parseOptions: GeneratorHarness.ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    /// <summary>The wall time of the generators and the analyzers over the base compilation plus <paramref name="tree"/>.</summary>
    private static TimeSpan TimeOf(CSharpCompilation baseCompilation, SyntaxTree tree)
    {
        var compilation = baseCompilation.AddSyntaxTrees(tree);
        GeneratorDriver driver = CreateDriver();
        var stopwatch = Stopwatch.StartNew();
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var outputCompilation, out _);
        if (!Analyzers.IsEmpty) outputCompilation.WithAnalyzers(Analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return stopwatch.Elapsed;
    }

    /// <summary>Runs both generators (and any analyzer of theirs) over the base compilation plus the mutant.</summary>
    private static List<string> Check(CSharpCompilation baseCompilation, Lazy<HashSet<string>> baselineErrors, HashSet<string> verified, string source, bool timed, out TimeSpan elapsed, out GeneratorDriverRunResult? run)
    {
        var problems = new List<string>();
        DcrIds.Value = new HashSet<string>(StringComparer.Ordinal);
        var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Mutant.cs");
        var compilation = baseCompilation.AddSyntaxTrees(tree);
        GeneratorDriver driver = CreateDriver();

        var stopwatch = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var outputCompilation, out var generatorDiagnostics);
        var analyzerDiagnostics = Analyzers.IsEmpty
            ? ImmutableArray<Diagnostic>.Empty
            : outputCompilation.WithAnalyzers(Analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        stopwatch.Stop();
        elapsed = stopwatch.Elapsed;
        run = driver.GetRunResult();

        foreach (var result in run.Results)
            if (result.Exception is { } exception)
                problems.Add($"{result.Generator.GetGeneratorType().Name} threw {exception}");
        foreach (var diagnostic in generatorDiagnostics.Concat(run.Diagnostics).Distinct())
        {
            if (diagnostic.Id is "CS8784" or "CS8785" or "DCR0013") problems.Add("generator reported " + diagnostic);
            else if (!diagnostic.Id.StartsWith("DCR", StringComparison.Ordinal)) problems.Add("generator reported a non-DCR diagnostic " + diagnostic);
        }
        foreach (var diagnostic in analyzerDiagnostics.Where(d => d.Id == "AD0001"))
            problems.Add("analyzer exception " + diagnostic);
        // The DCR diagnostics are the analyzer's: none may be the internal error, and each lies in the user's file.
        foreach (var diagnostic in analyzerDiagnostics.Where(d => d.Id.StartsWith("DCR", StringComparison.Ordinal)))
        {
            if (diagnostic.Id == "DCR0013") problems.Add("analyzer reported " + diagnostic);
            else if (diagnostic.Location.SourceTree is null && diagnostic.Location != Location.None) problems.Add("analyzer reported outside a file of the compilation " + diagnostic);
            // A message names types as the user wrote them: a compiler-qualified global:: name is the generator's.
            else if (diagnostic.GetMessage(CultureInfo.InvariantCulture).Contains("global::", StringComparison.Ordinal) && !source.Contains("global::", StringComparison.Ordinal))
                problems.Add("message with a global:: name " + diagnostic);
            else DcrIds.Value!.Add(diagnostic.Id);
        }
        // A wall-clock bound also measures whatever else the machine is doing: a run over the bound is timed twice
        // more, and the fastest of the three counts. A declaration that really makes the generators slow is slow
        // every time; one that met a busy moment is not.
        for (int retry = 0; timed && elapsed > TimeBound && retry < 2; retry++)
            elapsed = Min(elapsed, TimeOf(baseCompilation, tree));


        // Whatever is generated must at least parse: the generator writes code for declarations it accepted.
        foreach (var generated in run.GeneratedTrees)
            foreach (var error in generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
                problems.Add($"generated {System.IO.Path.GetFileName(generated.FilePath)} does not parse: {error}");
        // And when the mutant still parses and the generator accepted it without an error, what it wrote must compile,
        // unless the user's own code has errors too: `partial class Base : Base`
        // or a public property of a type made internal are the user's mistakes, which generated code cannot undo.
        // (Code that does not parse can declare odd members: `Conv2d(4, 3, 2)` left alone in a class body is a
        // constructor, which clashes with the generated one.)
        if (!tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            && !run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // A generated file already seen to compile (the companions' networks, most mutants' unchanged files) is
            // checked at the declaration level only; any other is compiled in full.
            var generatedTrees = run.GeneratedTrees;
            var generatedErrors = new List<Diagnostic>();
            var fresh = new List<string>();
            foreach (var generated in generatedTrees)
            {
                string key = generated.FilePath + "\n" + generated.GetText();
                var model = outputCompilation.GetSemanticModel(generated);
                var errors = (verified.Contains(key) ? model.GetDeclarationDiagnostics() : model.GetDiagnostics())
                    .Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                generatedErrors.AddRange(errors);
                if (errors.Count == 0) fresh.Add(key);
            }
            verified.UnionWith(fresh);
            // The user's errors: those the mutation added to the compilation without the generator (the corpus has
            // fragments with errors of their own), but for the partial members the generator implements (CS9248).
            bool userErrors = generatedErrors.Count > 0 && InputErrors(compilation).Except(baselineErrors.Value).Any();
            if (!userErrors)
                foreach (var error in generatedErrors)
                    problems.Add($"generated {System.IO.Path.GetFileName(error.Location.SourceTree?.FilePath)} does not compile: {error}");
        }
        return problems;
    }

    private static HashSet<string> InputErrors(Compilation compilation) => compilation.GetDiagnostics()
        .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS9248")
        .Select(d => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture))
        .ToHashSet(StringComparer.Ordinal);

    private static string Describe(CorpusEntry entry, int seed, int iteration, IReadOnlyList<Mutation> mutations, string mutant, List<string> problems)
    {
        var text = new StringBuilder();
        text.Append(iteration < 0 ? $"Unmutated corpus entry {entry.Name}" : $"Seed {seed}, iteration {iteration}, {entry.Name}");
        text.Append('\n');
        foreach (var mutation in mutations) text.Append("  mutation: ").Append(mutation).Append('\n');
        var distinct = problems.Distinct(StringComparer.Ordinal).ToList();
        foreach (var problem in distinct.Take(5)) text.Append("  problem: ").Append(problem).Append('\n');
        if (distinct.Count > 5) text.Append($"  ({distinct.Count - 5} more problems)\n");
        text.Append("  mutant:\n");
        const int Window = 1500;
        if (mutant.Length <= 2 * Window) text.Append(mutant);
        else
        {
            int at = Math.Clamp(mutations.Count > 0 ? mutations[^1].Position : 0, 0, mutant.Length);
            int start = Math.Max(0, at - Window), end = Math.Min(mutant.Length, at + Window);
            text.Append($"[characters {start}..{end} of {mutant.Length}]\n").Append(mutant, start, end - start);
        }
        return text.ToString();
    }

    private static int FromEnvironment(string variable, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
