extern alias generators;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using DslCrossRegAnalyzer = generators::DslCrossReg.Generators.DslCrossRegAnalyzer;
using NetworkGenerator = generators::DslCrossReg.Generators.NetworkGenerator;
using SystemGenerator = generators::DslCrossReg.Generators.SystemGenerator;

namespace DslCrossReg.Bench.Benchmarks;

/// <summary>
/// --edit-probe: what one edit costs in a real project. Each example of the repository (its own files, with the
/// references its build used: run <c>dotnet build -c Release</c> first), all five examples' declarations in one
/// compilation, and the synthetic 150-declaration compilation of <see cref="GeneratorBenchmarks"/>, each edited as a
/// user types: an edit of a file that declares nothing of ours (a comment typed), a hidden width changed in the
/// networks' file, a cross-term weight changed in the systems' file. One warm driver follows a chain of such edits,
/// as in an IDE (the other files stay the same tree objects); per edit it times the generators' re-run (in CPU time of
/// the calling thread, which other processes on a shared machine do not inflate, where the platform gives it, and in
/// wall time) and the analyzer's own time (Roslyn's telemetry) on the edited file, which is what an editor runs, and on
/// the whole compilation, which is what a build runs (<c>DSLCROSSREG_PROBE_WHOLE=0</c> leaves that out: it binds every
/// file after every edit).
/// </summary>
public static class EditProbe
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static void Run(int rounds)
    {
        string root = RepositoryRoot();
        var framework = Basic.Reference.Assemblies.Net100.References.All.ToList();
        var examples = new[] { "TwoViewMnist", "CrossRegularization", "EnsembleDiversity", "ContrastivePairs", "SharedNormalization" };
        var cases = new List<(string Name, List<(string Path, string Text)> Files, List<MetadataReference> References)>();
        var everyExample = new List<(string, string)>();
        var everyReference = new Dictionary<string, MetadataReference>(StringComparer.OrdinalIgnoreCase);
        foreach (var example in examples)
        {
            string folder = Path.Combine(root, "examples", example);
            string output = Path.Combine(folder, "bin", "Release", "net10.0");
            if (!Directory.Exists(output)) throw new InvalidOperationException(output + " is missing: build the solution in Release first.");
            var files = Directory.GetFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
            var dlls = Directory.GetFiles(output, "*.dll").Where(d => Path.GetFileNameWithoutExtension(d) != example).ToList();
            cases.Add((example, files, framework.Concat(dlls.Select(d => (MetadataReference)MetadataReference.CreateFromFile(d))).ToList()));
            everyExample.AddRange(files.Where(f => f.Item1 != "Program.cs").Select(f => (example + "/" + f.Item1, f.Item2)));
            foreach (var dll in dlls) everyReference.TryAdd(Path.GetFileName(dll), MetadataReference.CreateFromFile(dll));
        }
        cases.Add(("all five examples", everyExample, framework.Concat(everyReference.Values).ToList()));
        var synthetic = GeneratorBenchmarks.SyntheticSources().ToList();
        synthetic.Add(("Util.cs", "namespace Synthetic; public static class Util { public static int Twice(int x) => x * 2; }"));
        cases.Add(("synthetic 100 + 50", synthetic, framework.Concat(new MetadataReference[]
        {
            MetadataReference.CreateFromFile(typeof(DslCrossReg.Layer).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
        }).ToList()));

        bool whole = Environment.GetEnvironmentVariable("DSLCROSSREG_PROBE_WHOLE") != "0";
        Console.WriteLine(FormattableString.Invariant($"  per edit, median (quartiles) over {rounds} edits after {Math.Min(rounds, 30)} of warm-up; ms"));
        Console.WriteLine("  project                   declarations  edit            generators, thread CPU  generators, wall        analyzer, edited file   analyzer, whole compilation");
        foreach (var (name, files, references) in cases)
        {
            int declarations = files.Sum(f => Regex.Matches(f.Text, @"^\s*\[(Network|CrossLoss|TrainingSystem|OutputNorm)\b", RegexOptions.Multiline).Count);
            foreach (var (editName, edit) in Edits(files))
            {
                var (cpu, generators, document, compilation) = Chain(files, references, edit, rounds, whole);
                Console.WriteLine(FormattableString.Invariant(
                    $"  {name,-25} {declarations,12}  {editName,-14} {Quartiles(cpu),-23} {Quartiles(generators),-23} {Quartiles(document),-23} {(whole ? Quartiles(compilation) : "-")}"));
            }
        }
    }

    /// <summary>The edits of a project: (name, file index and its two alternating texts), null where the project has no such file.</summary>
    private static IEnumerable<(string Name, (int File, string A, string B) Edit)> Edits(List<(string Path, string Text)> files)
    {
        int unrelated = files.FindIndex(f => !Regex.IsMatch(f.Text, @"\[(Network|CrossLoss|TrainingSystem|OutputNorm|Member)\b") && f.Text.Contains("class ", StringComparison.Ordinal));
        if (unrelated >= 0) yield return ("unrelated file", (unrelated, files[unrelated].Text, files[unrelated].Text + "\n// typed\n"));
        int network = files.FindIndex(f => Regex.IsMatch(f.Text, @"Linear\((\d+)\) >> ReLU") && f.Text.Contains("[Network]", StringComparison.Ordinal));
        if (network >= 0)
        {
            var match = Regex.Match(files[network].Text, @"Linear\((\d+)\) >> ReLU");
            string text = files[network].Text;
            yield return ("network width", (network, text, text.Substring(0, match.Index) + "Linear(" + (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 8).ToString(System.Globalization.CultureInfo.InvariantCulture) + ") >> ReLU" + text.Substring(match.Index + match.Length)));
        }
        int system = files.FindIndex(f => Regex.IsMatch(f.Text, @"\[CrossLoss\(CrossMethod\.\w+, [0-9.]+"));
        if (system >= 0)
        {
            string text = files[system].Text;
            var match = Regex.Match(text, @"(\[CrossLoss\(CrossMethod\.\w+, )([0-9.]+)");
            yield return ("system weight", (system, text, text.Substring(0, match.Groups[2].Index) + "0.25" + text.Substring(match.Groups[2].Index + match.Groups[2].Length)));
        }
    }

    private static (List<double> Cpu, List<double> Generators, List<double> Document, List<double> Whole) Chain(
        List<(string Path, string Text)> files, List<MetadataReference> references, (int File, string A, string B) edit, int rounds, bool wholeToo)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Path)).ToList();
        Compilation compilation = CSharpCompilation.Create("Probe", trees, references,
            new CSharpCompilationOptions(files.Any(f => f.Path == "Program.cs") ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator(), new SystemGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException($"{errors.Count} compiler errors, the first: {errors[0]}");
        var analyzer = new DslCrossRegAnalyzer();
        var cpu = new List<double>();
        var generators = new List<double>();
        var document = new List<double>();
        var whole = new List<double>();
        int warmUp = Math.Min(rounds, 30);
        for (int i = 0; i < warmUp + rounds; i++)
        {
            var old = compilation.SyntaxTrees.ElementAt(edit.File);
            var tree = CSharpSyntaxTree.ParseText(i % 2 == 0 ? edit.B : edit.A, ParseOptions, path: old.FilePath);
            compilation = compilation.ReplaceSyntaxTree(old, tree);
            double cpuBefore = ThreadCpuMilliseconds();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
            double ms = watch.Elapsed.TotalMilliseconds;
            double cpuMs = ThreadCpuMilliseconds() - cpuBefore;
            // The analyzer keeps what it read between runs as an editor's long-lived analyzer does: one instance.
            var onDocument = With(output, analyzer);
            onDocument.GetAnalyzerSemanticDiagnosticsAsync(output.GetSemanticModel(tree), filterSpan: null, default).GetAwaiter().GetResult();
            double documentMs = onDocument.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
            double wholeMs = double.NaN;
            if (wholeToo)
            {
                var onWhole = With(output, analyzer);
                onWhole.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                wholeMs = onWhole.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
            }
            if (i < warmUp) continue;
            cpu.Add(cpuMs);
            generators.Add(ms);
            document.Add(documentMs);
            whole.Add(wholeMs);
        }
        return (cpu, generators, document, whole);
    }

    /// <summary>CPU time of the calling thread (Linux's CLOCK_THREAD_CPUTIME_ID), NaN elsewhere.</summary>
    private static double ThreadCpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(ThreadCpuClock, out var time) == 0 ? time.Seconds * 1e3 + time.Nanoseconds / 1e6 : double.NaN;
    }

    private const int ThreadCpuClock = 3;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static CompilationWithAnalyzers With(Compilation compilation, DiagnosticAnalyzer analyzer)
        => compilation.WithAnalyzers(ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));

    private static string Quartiles(List<double> values)
    {
        if (values.Any(double.IsNaN)) return "-";
        values.Sort();
        return FormattableString.Invariant($"{values[values.Count / 2]:F2} ({values[values.Count / 4]:F2}–{values[3 * values.Count / 4]:F2})");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "DslCrossReg.sln"))) return directory.FullName;
        throw new InvalidOperationException("Run the probe from the repository's bench/bin folder: DslCrossReg.sln not found above " + AppContext.BaseDirectory);
    }
}
