using DslCrossReg;
using TorchSharp;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests.Systems;

/// <summary>A user's module with parameters of its own (not a DSL layer): y = x ⊙ scale + shift, scale and shift learned.</summary>
public sealed class ScaleShift : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter scale;
    private readonly TorchSharp.Modules.Parameter shift;

    public ScaleShift(long features) : base(nameof(ScaleShift))
    {
        scale = nn.Parameter(torch.rand(features) + 0.5);
        shift = nn.Parameter(torch.randn(features) * 0.1);
        register_parameter("scale", scale);
        register_parameter("shift", shift);
    }

    public override Tensor forward(Tensor input) => input * scale + shift;
}

/// <summary>An MLP with a user's module between two layers.</summary>
[Network]
public partial class ScaledEncoder
{
    static Layer Architecture => Input(6) >> Linear(8) >> Module(() => new ScaleShift(8), outputs: 8) >> Tanh >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>A small transformer text encoder: token embeddings, an encoder layer, attention with dropout, a head.</summary>
[Network]
public partial class AttentionEncoder
{
    static Layer Architecture =>
        TokenInput(5) >> Embedding(10, 8) >> TransformerEncoderLayer(2, feedforward: 16) >> MultiheadAttention(2, dropout: 0.1)
        >> Flatten >> Linear(4).Tap("embedding") >> Linear(3);
}

/// <summary>The user's module trained alone.</summary>
[TrainingSystem]
public partial class ScaledAlone
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial ScaledEncoder Net { get; }
}

/// <summary>The attention encoder trained alone (dropout in training: the random generator is part of the state).</summary>
[TrainingSystem]
public partial class AttentionAlone
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial AttentionEncoder Net { get; }
}

/// <summary>A frozen teacher whose user module must stay as it is, and a student of the same network whose module learns.</summary>
[CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Teacher", Student = "Student", Temperature = 2)]
public partial class ScaledDistilled
{
    [Member(Frozen = true)] public partial ScaledEncoder Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-2)] public partial ScaledEncoder Student { get; }
}

/// <summary>A text encoder and a feature encoder whose embeddings are pulled together.</summary>
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
public partial class TextAndFeatures
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial AttentionEncoder Text { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial ScaledEncoder Features { get; }
}

/// <summary>A user's module holding a BatchNorm of its own.</summary>
public sealed class NormedBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.BatchNorm1d norm = nn.BatchNorm1d(8);

    public NormedBlock() : base(nameof(NormedBlock)) => RegisterComponents();

    public override Tensor forward(Tensor input) => norm.call(input);
}

/// <summary>A network whose only BatchNorm is inside a user's module.</summary>
[Network]
public partial class InnerNormEncoder
{
    static Layer Architecture => Input(6) >> Linear(8) >> Module(() => new NormedBlock(), outputs: 8) >> Tanh >> Linear(3);
}

/// <summary>The network with an inner BatchNorm, trained alone.</summary>
[TrainingSystem]
public partial class InnerNormAlone
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial InnerNormEncoder Net { get; }
}
