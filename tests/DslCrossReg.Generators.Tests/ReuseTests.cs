using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// Results reused across compilations (Parse/Reuse.cs) are exactly what a fresh parse gives: a driver taken through
/// chains of edits — edits that reach across files (a constant, a network's width, a type or namespace that shadows a
/// name, a second part of a class, a global using) and random token mutations — must generate, after every edit, the
/// same sources and diagnostics as a new driver on a freshly parsed copy of the same files. And an edit elsewhere does
/// reuse closed results instead of parsing them again.
/// </summary>
public class ReuseTests
{
    private const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;
        namespace Demo;
        [Network]
        public partial class Left
        {
            static Layer Architecture => Input(6) >> Linear(8).Tap("embedding") >> ReLU >> Linear(3);
        }
        [Network]
        public partial class Right
        {
            static Layer Architecture => Input(4) >> Linear(8).Tap("embedding") >> Linear(3);
        }
        [Network]
        public partial class Sized
        {
            static Layer Architecture => Input(4) >> Linear(Sizes.Hidden).Tap("embedding") >> Linear(3);
        }
        """;

    private const string Constants = """
        namespace Demo;
        public static class Sizes { public const int Hidden = 8; }
        public static class Weights { public const double Cross = 0.1; }
        """;

    private const string Systems = """
        using DslCrossReg;
        namespace Demo;
        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        public partial class Pair
        {
            [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial Left A { get; }
            [Member(Task = TaskLoss.CrossEntropy, Optimizer = OptimizerKind.Sgd, Momentum = 0.9)] public partial Right B { get; }
        }
        [CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "T", Student = "S", Tap = "embedding")]
        public partial class Distilled
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Left T { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Sized S { get; }
        }
        [CrossLoss(CrossMethod.EmbeddingDistance, Weights.Cross, Tap = "embedding")]
        public partial class Weighted
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial Left A { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial Right B { get; }
        }
        """;

    private const string Other = "namespace Demo\n{\n    public static class Util { public static int Twice(int x) => 2 * x; }\n}\n";

    private static readonly string[] Files = { Networks, Constants, Systems, Other };

    /// <summary>Edits that reach across files: (file index, from, to); applied when the file holds the text.</summary>
    private static readonly (int File, string From, string To)[] CrossFileEdits =
    {
        (1, "Hidden = 8", "Hidden = 5"),
        (1, "Hidden = 5", "Hidden = 8"),
        (1, "Cross = 0.1", "Cross = 0.3"),
        (1, "Cross = 0.1", "Cross = -1"),
        (0, "Input(6) >> Linear(8)", "Input(6) >> Linear(12)"),
        (0, "Input(6) >> Linear(12)", "Input(6) >> Linear(8)"),
        (3, "public static class Util", "public enum TaskLoss { None, CrossEntropy }\npublic static class Util"),
        (3, "public static class Util", "public class MemberAttribute : System.Attribute { }\npublic static class Util"),
        (3, "public static class Util", "public class NetworkAttribute : System.Attribute { }\npublic static class Util"),
        (3, "namespace Demo\n{", "namespace Demo.ReLU { }\nnamespace Demo\n{"),
        (3, "namespace Demo\n{", "global using static System.Math;\nnamespace Demo\n{"),
        (3, "namespace Demo\n{", "global using Member = System.ObsoleteAttribute;\nnamespace Demo\n{"),
        (3, "public static class Util", "public partial class Right { static Layer Spare => DslCrossReg.Layers.Input(2); }\npublic static class Util"),
        (3, "public static class Util", "public partial class Pair { [Member] public partial Right C { get; } }\npublic static class Util"),
        (3, "public static class Util", "public static class Sizes2 { }\npublic static class Util"),
        (3, "2 * x", "x + x"),
        (3, "x + x", "2 * x"),
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Every_run_after_every_edit_equals_a_fresh_run(int seed)
    {
        var random = new Random(seed);
        var texts = Files.ToArray();
        var compilation = GeneratorHarness.Compilation(texts);
        var outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        AssertSameAsFresh(outcome, texts, "initial");

        for (int step = 0; step < 40; step++)
        {
            int file;
            string description;
            var applicable = CrossFileEdits.Where(e => texts[e.File].Contains(e.From, StringComparison.Ordinal)).ToList();
            if (applicable.Count > 0 && random.NextDouble() < 0.6)
            {
                var (index, from, to) = applicable[random.Next(applicable.Count)];
                file = index;
                texts[file] = ReplaceFirst(texts[file], from, to);
                description = $"step {step}: file {file} «{from}» → «{to}»";
            }
            else if (applicable.Count == 0 || random.NextDouble() < 0.3)
            {
                file = random.Next(texts.Length);
                texts[file] = Files[file];
                description = $"step {step}: file {file} restored";
            }
            else
            {
                file = random.Next(texts.Length);
                var (mutated, mutations) = TokenMutator.Mutate(texts[file], random);
                texts[file] = mutated;
                description = $"step {step}: file {file} mutated: {string.Join("; ", mutations)}";
            }
            var old = compilation.SyntaxTrees.ElementAt(file);
            compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(texts[file], GeneratorHarness.ParseOptions, old.FilePath));
            outcome = GeneratorHarness.Run(outcome.Driver, compilation);
            AssertSameAsFresh(outcome, texts, description);
        }
    }

    public static TheoryData<int> CrossFileEditIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < CrossFileEdits.Length; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(CrossFileEditIndices))]
    public void Each_edit_across_files_gives_what_a_fresh_run_gives(int index)
    {
        var (file, from, to) = CrossFileEdits[index];
        var texts = Files.ToArray();
        if (!texts[file].Contains(from, StringComparison.Ordinal)) texts[file] = ReplaceFirst(texts[file], to, from);
        var first = GeneratorHarness.Run(texts);
        texts[file] = ReplaceFirst(texts[file], from, to);
        var outcome = GeneratorHarness.Run(first.Driver, Replace(first.Input, file, texts[file]));
        AssertSameAsFresh(outcome, texts, $"file {file} «{from}» → «{to}»");
    }

    [Fact]
    public void An_edit_elsewhere_reuses_closed_results_and_parses_the_others_again()
    {
        var first = GeneratorHarness.Run(Files);
        var before = Counts(first.Input);
        Assert.All(before, c => Assert.Equal(1, c.Value));
        var second = GeneratorHarness.Run(first.Driver, Replace(first.Input, 3, Other.Replace("2 * x", "x + x")));
        var after = Counts(first.Input);

        // Closed: read from syntax and literals alone.
        Assert.Equal(1, after["Left"]);
        Assert.Equal(1, after["Right"]);
        Assert.Equal(1, after["Pair"]);
        // Not closed: Sized reads a constant, Distilled a member that reads it, Weighted a constant weight.
        Assert.Equal(2, after["Sized"]);
        Assert.Equal(2, after["Distilled"]);
        Assert.Equal(2, after["Weighted"]);
        Assert.Equal(first.Sources, second.Sources);

        // The analyzer reads the compilation with the generated files, with reusable results of its own: the same.
        var analyzed = AnalyzerCounts(second.Output);
        Assert.Equal(1, analyzed["Left"]);
        Assert.Equal(1, analyzed["Right"]);
        Assert.Equal(1, analyzed["Pair"]);
        Assert.Equal(2, analyzed["Sized"]);
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_closed_system_is_read_again_when_its_member_network_changes()
    {
        var first = GeneratorHarness.Run(Files);
        var widened = Replace(first.Input, 0, Networks.Replace("Input(6) >> Linear(8)", "Input(6) >> Linear(12)"));
        var second = GeneratorHarness.Run(first.Driver, widened);
        Assert.Equal(2, Counts(first.Input)["Pair"]);
        Assert.Equal(1, Counts(first.Input)["Right"]);
        // Embeddings of widths 12 and 8 cannot be compared: only the system's placeholder is generated, as in a fresh run.
        Assert.True(first.Sources.ContainsKey("Demo.Pair.System.g.cs"));
        Assert.Equal(Fresh(widened).Sources, second.Sources);
        Assert.Equal(Fresh(widened).Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
        Assert.Contains("/// Placeholder: ", second.Sources["Demo.Pair.System.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_system_is_read_again_when_another_file_shadows_a_name_it_uses()
    {
        var first = GeneratorHarness.Run(Files);
        var shadowed = Replace(first.Input, 3, "namespace Demo { public enum TaskLoss { None, CrossEntropy } }");
        var second = GeneratorHarness.Run(first.Driver, shadowed);
        Assert.Equal(2, Counts(first.Input)["Pair"]);
        // The networks do not mention TaskLoss: theirs still hold.
        Assert.Equal(1, Counts(first.Input)["Left"]);
        Assert.Equal(Fresh(shadowed).Sources, second.Sources);
        Assert.Equal(Fresh(shadowed).Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
    }

    /// <summary>How many times each class of <paramref name="compilation"/> was parsed rather than reused.</summary>
    private static Dictionary<string, int> AnalyzerCounts(Compilation compilation)
        => compilation.SyntaxTrees
            .Where(t => !t.FilePath.Contains("DslCrossReg.Generators", StringComparison.Ordinal))
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
            .Where(c => c.AttributeLists.Count > 0)
            .ToDictionary(c => c.Identifier.ValueText, c => DslCrossReg.Generators.Parse.Reuse.ParseCount(c, DslCrossReg.Generators.Parse.Reader.Analyzer));

    private static Dictionary<string, int> Counts(Compilation compilation)
        => compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
            .Where(c => c.AttributeLists.Count > 0)
            .ToDictionary(c => c.Identifier.ValueText, c => DslCrossReg.Generators.Parse.Reuse.ParseCount(c));

    /// <summary>
    /// The warm run's sources, and the analyzer's diagnostics on its output (the analyzer keeps reusable results of its
    /// own across the chain), equal a fresh driver's and a fresh analyzer's on new trees of the same texts.
    /// </summary>
    private static void AssertSameAsFresh(GeneratorOutcome warm, string[] texts, string description)
    {
        var fresh = GeneratorHarness.Run(texts);
        Assert.True(Sources(fresh.Driver.GetRunResult()).SequenceEqual(Sources(warm.Driver.GetRunResult())), description + ": generated sources differ from a fresh run's.\n" + string.Join("\n", texts));
        var expected = Diagnostics(fresh.Diagnostics);
        var actual = Diagnostics(warm.Diagnostics);
        Assert.True(expected.SequenceEqual(actual),
            description + ": diagnostics differ from a fresh run's.\nfresh: " + string.Join(" | ", expected) + "\nwarm:  " + string.Join(" | ", actual));
    }

    private static GeneratorOutcome Fresh(Compilation compilation)
        => GeneratorHarness.Run(compilation.SyntaxTrees.Select(t => t.ToString()).ToArray());

    private static IEnumerable<string> Sources(GeneratorDriverRunResult run)
        => run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName + "\n" + s.SourceText).OrderBy(s => s, StringComparer.Ordinal);

    private static List<string> Diagnostics(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToList();

    private static string ReplaceFirst(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        return text.Substring(0, at) + to + text.Substring(at + from.Length);
    }

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
