namespace DslCrossReg.Shapes;

/// <summary>Every layer the Layers DSL knows. Shared by the runtime interpreter and the source generator.</summary>
public enum LayerKind
{
    /// <summary>Starts a pipeline with the per-sample input shape.</summary>
    Input,
    /// <summary>Affine map over the last axis.</summary>
    Linear,
    /// <summary>1-D convolution over (channels, length).</summary>
    Conv1d,
    /// <summary>2-D convolution over (channels, height, width).</summary>
    Conv2d,
    /// <summary>2-D max pooling.</summary>
    MaxPool2d,
    /// <summary>2-D average pooling.</summary>
    AvgPool2d,
    /// <summary>Flattens every per-sample axis into one.</summary>
    Flatten,
    /// <summary>max(0, x).</summary>
    ReLU,
    /// <summary>Gaussian error linear unit.</summary>
    GELU,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,
    /// <summary>max(0, x) + slope · min(0, x).</summary>
    LeakyReLU,
    /// <summary>Zeroes elements with probability p while training.</summary>
    Dropout,
    /// <summary>Batch normalisation over (features) or (channels, length).</summary>
    BatchNorm1d,
    /// <summary>Batch normalisation over (channels, height, width).</summary>
    BatchNorm2d,
    /// <summary>Layer normalisation over the last axis.</summary>
    LayerNorm,
    /// <summary>Lookup table from Int64 token ids to vectors.</summary>
    Embedding,
    /// <summary>LSTM over (sequence, features), returning the last layer's final hidden state.</summary>
    LSTM,
    /// <summary>GRU over (sequence, features), returning the last layer's final hidden state.</summary>
    GRU,
    /// <summary>x + inner(x); the inner pipeline must preserve the shape.</summary>
    Residual,
    /// <summary>Per-sample min–max normalisation over the last axis, ε-safe.</summary>
    RangeNormalize,
    /// <summary>Per-sample z-score over the last axis.</summary>
    Standardize,
    /// <summary>A TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c> of the user's, with its per-sample output shape declared.</summary>
    Module,
    /// <summary>Multi-head self-attention over (sequence, features), batch first.</summary>
    MultiheadAttention,
    /// <summary>A transformer encoder layer (self-attention and a feed-forward block, each residual and layer-normalised) over (sequence, features).</summary>
    TransformerEncoderLayer,
}
