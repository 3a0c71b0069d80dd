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

/// <summary>
/// A user's module that records, at every forward pass, whether its trainable parameter collects gradients; it also
/// holds a parameter the user froze (<c>requires_grad</c> false), which must stay frozen whatever a step does.
/// y = x ⊙ scale + offset.
/// </summary>
public sealed class RequiresGradProbe : nn.Module<Tensor, Tensor>
{
    public RequiresGradProbe(long features) : base(nameof(RequiresGradProbe))
    {
        Scale = nn.Parameter(torch.rand(features) + 0.5);
        Offset = nn.Parameter(torch.randn(features) * 0.1, requires_grad: false);
        register_parameter("scale", Scale);
        register_parameter("offset", Offset);
    }

    public TorchSharp.Modules.Parameter Scale { get; }

    public TorchSharp.Modules.Parameter Offset { get; }

    /// <summary>Scale's <c>requires_grad</c> at each forward pass, in order.</summary>
    public System.Collections.Generic.List<bool> ScaleCollectedGradients { get; } = new();

    public override Tensor forward(Tensor input)
    {
        ScaleCollectedGradients.Add(Scale.requires_grad);
        return input * Scale + Offset;
    }
}

/// <summary>A user discriminator for the width-4 embedding whose first stage is the probe.</summary>
[Network]
public partial class ProbedCritic
{
    static Layer Architecture => Input(4) >> Module(() => new RequiresGradProbe(4), outputs: 4) >> Linear(8) >> Tanh >> Linear(1);
}

/// <summary>Scenario 1, method 2, with the probed discriminator.</summary>
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding")]
public partial class ProbedAdversarialPair
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
    [Discriminator(LearningRate = 1e-2)] public partial ProbedCritic D { get; }
}
