using System.Threading.Tasks;
using DslCrossReg.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace DslCrossReg.CodeFixes.Tests;

/// <summary>DCR0001 and DCR0014: 'partial' goes right before 'class', and the fixed code compiles with what the generators add.</summary>
public class MakePartialCodeFixTests
{
    [Fact]
    public Task A_network_without_modifiers_gets_partial_in_place_of_the_class_keyword_keeping_the_line_after_its_attribute()
        => new GeneratorCodeFixTest<MakePartialCodeFix>
        {
            TestCode = """
                using DslCrossReg;
                using static DslCrossReg.Layers;

                [Network]
                class {|DCR0001:Encoder|}
                {
                    static Layer Architecture => Input(4) >> Linear(2);
                }
                """,
            FixedCode = """
                using DslCrossReg;
                using static DslCrossReg.Layers;

                [Network]
                partial class Encoder
                {
                    static Layer Architecture => Input(4) >> Linear(2);
                }
                """,
        }.RunAsync();

    [Fact]
    public Task A_network_with_modifiers_gets_partial_after_the_last_one()
        => new GeneratorCodeFixTest<MakePartialCodeFix>
        {
            TestCode = """
                using DslCrossReg;
                using static DslCrossReg.Layers;

                [Network] public sealed class {|DCR0001:Encoder|}
                {
                    static Layer Architecture => Input(4) >> Linear(2);
                }
                """,
            FixedCode = """
                using DslCrossReg;
                using static DslCrossReg.Layers;

                [Network] public sealed partial class Encoder
                {
                    static Layer Architecture => Input(4) >> Linear(2);
                }
                """,
        }.RunAsync();

    [Fact]
    public Task A_system_that_is_not_partial_becomes_partial_and_its_training_code_compiles()
        => new GeneratorCodeFixTest<MakePartialCodeFix>
        {
            TestCode = Networks + """

                [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
                public class {|DCR0014:TwoViews|}
                {
                    [Member(Task = TaskLoss.CrossEntropy)] public partial Left {|CS0751:{|CS9248:Left|}|} { get; }
                    [Member(Task = TaskLoss.CrossEntropy)] public partial Right {|CS0751:{|CS9248:Right|}|} { get; }
                }
                """,
            FixedCode = Networks + """

                [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
                public partial class TwoViews
                {
                    [Member(Task = TaskLoss.CrossEntropy)] public partial Left Left { get; }
                    [Member(Task = TaskLoss.CrossEntropy)] public partial Right Right { get; }
                }
                """,
        }.RunAsync();

    internal const string Networks = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        [Network]
        public partial class Left
        {
            static Layer Architecture => Input(8) >> Linear(16) >> ReLU >> Linear(4).Tap("embedding") >> Linear(2);
        }

        [Network]
        public partial class Right
        {
            static Layer Architecture => Input(6) >> Linear(4).Tap("embedding") >> Linear(2);
        }

        """;
}
