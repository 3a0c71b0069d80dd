using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// A checkpoint carries its system's DeclarationHash, and a checkpoint of another declaration is refused: the hash
/// changes with what decides the shapes of the checkpoint's tensors (a member's layer structure) and not with the names
/// its layers take from <c>.Named</c> or a tap, which a checkpoint's tensor names carry and its load checks one by one,
/// refusing a rename with both names and the reason.
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
    public void The_hash_follows_the_layers_shapes_and_not_their_names()
    {
        string plain = Hash("Input(4) >> Linear(3) >> ReLU >> Linear(2)");
        string named = Hash("Input(4) >> Linear(3).Named(\"hidden\") >> ReLU >> Linear(2)");
        string renamed = Hash("Input(4) >> Linear(3).Named(\"fc\") >> ReLU >> Linear(2)");
        string tapped = Hash("Input(4) >> Linear(3).Tap(\"h\") >> ReLU >> Linear(2)");
        string wider = Hash("Input(4) >> Linear(5) >> ReLU >> Linear(2)");
        string deeper = Hash("Input(4) >> Linear(3) >> ReLU >> Linear(3) >> Linear(2)");

        Assert.Equal(new[] { plain, plain, plain }, new[] { named, renamed, tapped });
        Assert.Equal(3, new[] { plain, wider, deeper }.Distinct().Count());
    }

    [Fact]
    public void The_hash_of_a_network_without_names_is_what_it_was_before_layers_had_names()
    {
        // Pinned: checkpoints written before layers could be named, or named after their taps, are not refused by the hash.
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
