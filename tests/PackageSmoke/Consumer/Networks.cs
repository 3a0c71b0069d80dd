using DslCrossReg;
using static DslCrossReg.Layers;

namespace Consumer;

[Network]
public partial class Left
{
    static Layer Architecture => Input(8) >> Linear(16) >> ReLU >> Linear(4).Tap("embedding") >> Linear(2);
}

[Network]
public partial class Right
{
    static Layer Architecture => Input(8) >> Linear(32) >> Tanh >> Linear(32, 4).Tap("embedding") >> Linear(2);
}

[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class TwoViews
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Left Left { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial Right Right { get; }
}

/// <summary>A module of the user's own: a learned vector added to each position (attention alone does not see order).</summary>
public sealed class LearnedPositions : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
{
    private readonly TorchSharp.Modules.Parameter positions;

    public LearnedPositions(long length, long features) : base(nameof(LearnedPositions))
    {
        positions = TorchSharp.torch.nn.Parameter(TorchSharp.torch.randn(length, features) * 0.1);
        register_parameter("positions", positions);
    }

    public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => input + positions;
}

/// <summary>A small transformer text encoder: token embeddings, the user's positions, an encoder layer, self-attention.</summary>
[Network]
public partial class TextEncoder
{
    static Layer Architecture =>
        TokenInput(6) >> Embedding(12, 8) >> Module(() => new LearnedPositions(6, 8), 6, 8)
        >> TransformerEncoderLayer(2, feedforward: 16) >> MultiheadAttention(2) >> Flatten >> Linear(2);
}

[TrainingSystem]
public partial class TextAlone
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial TextEncoder Text { get; }
}
