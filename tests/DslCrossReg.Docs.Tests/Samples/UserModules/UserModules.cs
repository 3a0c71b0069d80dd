using DslCrossReg;
using DslCrossReg.Training;
using TorchSharp;
using static DslCrossReg.Layers;
using static TorchSharp.torch;

namespace DocSamples.UserModules;

#region gated-block
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
#endregion

#region text-encoder
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
#endregion

#region one-network-declarations
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
#endregion

public static class OneNetwork
{
    /// <summary>The page's tour: a teacher trained alone, saved two ways, loaded, frozen in the system that distils it.</summary>
    public static (Tensor Logits, StepResult Distilling) TrainAloneThenDistil(Tensor x, Tensor labels, string checkpoint, string weights, string distilledCheckpoint)
    {
        #region one-network-workflow
        using (var alone = new TeacherAlone(seed: 1))
        {
            for (int step = 0; step < 50; step++) alone.Step(new TeacherAlone.Batch(x, labels));
            alone.Save(checkpoint);           // to resume training: weights, optimizer state, step count, random state
            alone.Teacher.save(weights);      // the network alone: TorchSharp's file of its parameters and buffers
        }

        using var teacher = new GatedClassifier();   // a bare network, e.g. for inference
        teacher.load(weights);
        teacher.eval();
        var logits = teacher.call(x).Result;

        using var distilled = new Distilled(seed: 2);
        distilled.Teacher.load(weights);      // the frozen teacher now holds the trained weights
        var result = distilled.Step(new Distilled.Batch(x, x, StudentTarget: labels));
        distilled.Save(distilledCheckpoint, includeFrozenMembers: false);   // a fingerprint of the teacher, not a copy
        #endregion
        return (logits.detach().clone(), result);
    }
}
