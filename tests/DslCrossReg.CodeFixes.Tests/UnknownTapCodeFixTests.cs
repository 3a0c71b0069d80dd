using System.Threading.Tasks;
using DslCrossReg.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.CodeFixes.Tests;

/// <summary>DCR0018: the unknown tap becomes the closest tap the members declare, and the system then compiles.</summary>
public class UnknownTapCodeFixTests
{
    [Fact]
    public Task A_misspelt_tap_becomes_the_declared_one()
        => Verify(left: """Linear(4).Tap("embedding")""", right: """Linear(4).Tap("embedding")""", tap: "embeding", expected: "embedding");

    [Fact]
    public Task Case_does_not_count_as_a_difference()
        => Verify(left: """Linear(4).Tap("embedding")""", right: """Linear(4).Tap("embedding")""", tap: "Embedding", expected: "embedding");

    [Fact]
    public Task A_tap_every_member_has_wins_over_a_closer_one_only_some_have()
        // 'feature' is one edit from Left's 'features' but Right has no such tap; 'embedding' is shared.
        => Verify(left: """Linear(6).Tap("features") >> Linear(4).Tap("embedding")""", right: """Linear(4).Tap("embedding")""",
                  tap: "feature", expected: "embedding");

    [Fact]
    public Task The_closest_of_several_shared_taps_is_chosen()
        => Verify(left: """Linear(6).Tap("hidden") >> Linear(4).Tap("embedding")""", right: """Linear(6).Tap("hidden") >> Linear(4).Tap("embedding")""",
                  tap: "hiden", expected: "hidden");

    private static Task Verify(string left, string right, string tap, string expected)
    {
        // Before the fix both members lack the tap (one DCR0018 each, from the analyzer) and nothing else is reported:
        // the system's placeholder implements its partial properties, so there is no CS9248.
        string Source(string tapArgument) => $$"""
            using DslCrossReg;
            using static DslCrossReg.Layers;

            [Network]
            public partial class Left
            {
                static Layer Architecture => Input(8) >> {{left}} >> Linear(2);
            }

            [Network]
            public partial class Right
            {
                static Layer Architecture => Input(8) >> {{right}} >> Linear(2);
            }

            [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = {{tapArgument}})]
            public partial class TwoViews
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Left Left { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Right Right { get; }
            }
            """;
        return new GeneratorCodeFixTest<UnknownTapCodeFix>
        {
            TestCode = Source("{|DCR0018:{|DCR0018:\"" + tap + "\"|}|}"),
            FixedCode = Source("\"" + expected + "\""),
        }.RunAsync();
    }
}
