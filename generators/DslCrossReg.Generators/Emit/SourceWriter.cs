using System;
using System.Text;

namespace DslCrossReg.Generators.Emit;

/// <summary>An indented text builder for generated C#; lines always end in '\n' so output is identical on every OS.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder builder = new();
    private int indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < indent; i++) builder.Append(IndentUnit);
            builder.Append(text);
        }
        builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        indent++;
        return new BlockScope(this);
    }

    public override string ToString() => builder.ToString();

    private sealed class BlockScope : IDisposable
    {
        private readonly SourceWriter writer;
        private bool closed;

        public BlockScope(SourceWriter writer) => this.writer = writer;

        public void Dispose()
        {
            if (closed) return;
            closed = true;
            writer.indent--;
            writer.Line("}");
        }
    }
}
