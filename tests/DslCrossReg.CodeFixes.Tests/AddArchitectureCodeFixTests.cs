using System.Threading.Tasks;
using DslCrossReg.CodeFixes.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace DslCrossReg.CodeFixes.Tests;

/// <summary>DCR0002: a valid one-layer Architecture appears as the first member and the network then compiles.</summary>
public class AddArchitectureCodeFixTests
{
    [Fact]
    public Task An_empty_network_gets_the_skeleton_as_its_first_member()
        => new GeneratorCodeFixTest<AddArchitectureCodeFix>
        {
            TestCode = """
                using DslCrossReg;
                using static DslCrossReg.Layers;

                [Network]
                public partial class {|DCR0002:Encoder|}
                {
                    public const int Width = 3;
                }
                """,
            FixedCode = """
                using DslCrossReg;
                using static DslCrossReg.Layers;

                [Network]
                public partial class Encoder
                {
                    static Layer Architecture => Input(1) >> Linear(1);

                    public const int Width = 3;
                }
                """,
        }.RunAsync();

    [Fact]
    public Task A_file_without_the_dsl_usings_gets_them_so_that_the_skeleton_binds()
        => new GeneratorCodeFixTest<AddArchitectureCodeFix>
        {
            TestCode = """
                using System;

                [DslCrossReg.Network]
                public partial class {|DCR0002:Encoder|}
                {
                }
                """,
            FixedCode = """
                using System;
                using DslCrossReg;
                using static DslCrossReg.Layers;

                [DslCrossReg.Network]
                public partial class Encoder
                {
                    static Layer Architecture => Input(1) >> Linear(1);
                }
                """,
        }.RunAsync();

    [Fact]
    public Task A_network_whose_Architecture_has_a_block_body_gets_no_second_Architecture()
        => new GeneratorCodeFixTest<AddArchitectureCodeFix>
        {
            TestCode = Unreadable,
            // The unchanged code, its diagnostic still expected: no fix is offered.
            FixedState = { Sources = { Unreadable }, MarkupHandling = MarkupMode.Allow },
        }.RunAsync();

    private const string Unreadable = """
        using DslCrossReg;
        using static DslCrossReg.Layers;

        [Network]
        public partial class Encoder
        {
            static Layer {|DCR0002:Architecture|}
            {
                get
                {
                    var input = Input(4);
                    return input >> Linear(2);
                }
            }
        }
        """;
}
