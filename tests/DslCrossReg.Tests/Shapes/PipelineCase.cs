using System.Collections.Generic;
using DslCrossReg.Shapes;

namespace DslCrossReg.Tests.Shapes;

/// <summary>
/// One valid pipeline with everything about it worked out by hand: output and tap shapes, the trainable parameter
/// count, and the names of the submodules the interpreter must register.
/// </summary>
public sealed class PipelineCase
{
    public PipelineCase(string name, Layer architecture, TensorShape output, long parameters, string children)
    {
        Name = name;
        Architecture = architecture;
        Output = output;
        Parameters = parameters;
        Children = children.Split(',');
    }

    public string Name { get; }

    public Layer Architecture { get; }

    public TensorShape Output { get; }

    public long Parameters { get; }

    /// <summary>The submodule names in registration order.</summary>
    public IReadOnlyList<string> Children { get; }

    public List<KeyValuePair<string, TensorShape>> Taps { get; } = new();

    /// <summary>For token inputs, the vocabulary the ids are drawn from; 0 for Float32 inputs.</summary>
    public int Vocabulary { get; private set; }

    public PipelineCase Tap(string name, TensorShape shape)
    {
        Taps.Add(new KeyValuePair<string, TensorShape>(name, shape));
        return this;
    }

    public PipelineCase TokensBelow(int vocabulary)
    {
        Vocabulary = vocabulary;
        return this;
    }

    public override string ToString() => Name;
}
