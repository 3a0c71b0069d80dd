namespace DslCrossReg.Shapes;

/// <summary>The element type a layer consumes or produces.</summary>
public enum ElementType
{
    /// <summary>32-bit floating point: every layer but Embedding consumes this.</summary>
    Float32,
    /// <summary>64-bit integer token ids, the input of Embedding.</summary>
    Int64,
}
