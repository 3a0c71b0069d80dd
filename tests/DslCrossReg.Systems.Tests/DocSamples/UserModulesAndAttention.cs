using DslCrossReg;
using TorchSharp;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

// The declarations docs/user-modules-and-attention.md shows, compiled here; DocSampleTests checks that the page
// shows them exactly as written between the "sample:" markers, and runs them.
namespace DslCrossReg.Systems.Tests.DocSamples;

// sample: gated-block
/// <summary>A gated linear unit, value(x) ⊙ σ(gate(x)): one tensor in, one tensor out.</summary>
public sealed class GatedBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear value;
    private readonly TorchSharp.Modules.Linear gate;

    public GatedBlock(long features) : base(nameof(GatedBlock))
    {
        value = nn.Linear(features, features);
        gate = nn.Linear(features, features);
        RegisterComponents();   // value and gate become submodules: their parameters are the block's
    }

    public override Tensor forward(Tensor x) => value.call(x) * gate.call(x).sigmoid();
}

[Network]
public partial class GatedClassifier
{
    static Layer Architecture =>
        Input(20) >> Linear(64) >> ReLU
        >> Module(() => new GatedBlock(64), outputs: 64).Tap("gated")   // declared [*, 64]: Linear(10) is checked against it
        >> Linear(10);
}
// end sample

// sample: text-encoder
/// <summary>A learned vector per position, added to each token's: attention on its own does not see order.</summary>
public sealed class LearnedPositions : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter positions;

    public LearnedPositions(long length, long features) : base(nameof(LearnedPositions))
    {
        positions = nn.Parameter(torch.randn(length, features) * 0.02);
        register_parameter("positions", positions);
    }

    public override Tensor forward(Tensor x) => x + positions;
}

[Network]
public partial class TextEncoder
{
    static Layer Architecture =>
        TokenInput(16)                                            // [*, 16] Int64 token ids
        >> Embedding(1000, 32)                                    // [*, 16, 32]
        >> Module(() => new LearnedPositions(16, 32), 16, 32)     // [*, 16, 32], positions added
        >> TransformerEncoderLayer(4, feedforward: 64)            // [*, 16, 32], 4 heads of 8
        >> TransformerEncoderLayer(4, feedforward: 64)
        >> MultiheadAttention(4).Tap("attended")                  // [*, 16, 32]
        >> Flatten >> Linear(32).Tap("embedding") >> Linear(2);
}
// end sample

// sample: one-network-declarations
[TrainingSystem]
public partial class TeacherAlone
{
    [Member(Task = TaskLoss.CrossEntropy, LearningRate = 1e-3)] public partial GatedClassifier Teacher { get; }
}

[CrossLoss(CrossMethod.Distillation, 1.0, Teacher = "Teacher", Student = "Student", Temperature = 4)]
public partial class Distilled
{
    [Member(Frozen = true)] public partial GatedClassifier Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial GatedClassifier Student { get; }
}
// end sample
