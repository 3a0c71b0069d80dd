using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// A checkpoint carries its system's DeclarationHash, and a checkpoint of another declaration is refused: the hash
/// changes with what decides the checkpoint's tensors (a member's parameter layout, with its layers' names, since they
/// name the tensors) and only with that (not with a tap, which names no parameter).
/// </summary>
public class DeclarationHashTests
{
    private static string Hash(string network)
    {
        var outcome = GeneratorHarness.Run("""
            using DslCrossReg;
            using static DslCrossReg.Layers;
            namespace Demo;

            [Network]
            public partial class Encoder
            {
            """ + "\n    static Layer Architecture => " + network + ";\n}\n" + """

            [TrainingSystem]
            public partial class Solo
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
            }
            """);
        outcome.AssertClean();
        const string marker = "public const string DeclarationHash = \"";
        string generated = outcome.Sources.Single(s => s.Key.EndsWith(".System.g.cs")).Value;
        int start = generated.IndexOf(marker, System.StringComparison.Ordinal) + marker.Length;
        return generated.Substring(start, 16);
    }

    [Fact]
    public void A_layer_name_is_part_of_the_declaration_a_tap_is_not()
    {
        string plain = Hash("Input(4) >> Linear(3) >> ReLU >> Linear(2)");
        string named = Hash("Input(4) >> Linear(3).Named(\"hidden\") >> ReLU >> Linear(2)");
        string renamed = Hash("Input(4) >> Linear(3).Named(\"fc\") >> ReLU >> Linear(2)");
        string tapped = Hash("Input(4) >> Linear(3).Named(\"hidden\").Tap(\"h\") >> ReLU >> Linear(2)");
        string wider = Hash("Input(4) >> Linear(5).Named(\"hidden\") >> ReLU >> Linear(2)");

        Assert.Equal(4, new[] { plain, named, renamed, wider }.Distinct().Count());
        Assert.Equal(named, tapped);
    }

    [Fact]
    public void The_hash_of_a_network_without_names_is_what_it_was_before_layers_had_names()
    {
        // Pinned: checkpoints written before layers could be named still load.
        Assert.Equal(PinnedPlainHash, Hash("Input(4) >> Linear(3) >> ReLU >> Linear(2)"));
    }

    // FNV-1a of "Solo|A:global::Demo.Encoder:[*, 4] >> Linear(3) >> ReLU >> Linear(2):Adam:False".
    private static readonly string PinnedPlainHash = Fnv("Solo|A:global::Demo.Encoder:[*, 4] >> Linear(3) >> ReLU >> Linear(2):Adam:False");

    private static string Fnv(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
