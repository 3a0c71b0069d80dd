using DslCrossReg.Generators.Emit;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>The writer owns indentation: blocks, continuation lines and initializers, nested at any depth.</summary>
public class SourceWriterTests
{
    [Fact]
    public void Continuation_lines_go_one_level_deeper_than_their_statement_at_any_depth()
    {
        var w = new SourceWriter();
        using (w.Block("class C"))
        {
            w.Line("int x = Call(", new[] { "1,", "2);" });
            using (w.Block("void M()"))
                w.Line("var y = a", new[] { "+ b;" });
        }
        Assert.Equal(
            "class C\n{\n    int x = Call(\n        1,\n        2);\n    void M()\n    {\n        var y = a\n            + b;\n    }\n}\n",
            w.ToString());
    }

    [Fact]
    public void An_initializer_block_closes_with_its_own_text_inside_a_continued_statement()
    {
        var w = new SourceWriter();
        using (w.Block("class C"))
        {
            w.Line("static readonly D d =");
            using (w.Continued())
            using (w.Block("new D", closing: "};"))
                w.Line("[\"a\"] = 1,");
            w.Line("int after;");
        }
        Assert.Equal(
            "class C\n{\n    static readonly D d =\n        new D\n        {\n            [\"a\"] = 1,\n        };\n    int after;\n}\n",
            w.ToString());
    }

    [Fact]
    public void Escaped_text_goes_between_the_quotes_of_a_literal()
        => Assert.Equal("a \\\"b\\\" c\\\\d", SourceWriter.Escaped("a \"b\" c\\d"));
}
