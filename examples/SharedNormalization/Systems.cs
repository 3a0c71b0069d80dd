using DslCrossReg;

namespace DslCrossReg.Examples.SharedNormalization;

// Every system: scenario 3's two identical MLPs reading the same digits ([SharedInput]), each with its own Adam at
// lr 1e-3, an MSE task loss on its (normalised) output, total = First.task + Second.task, one backward pass.
// The systems differ only in the normalisation they declare.

// 0. The baseline: raw outputs, no normalisation, each network on its own task.
[SharedInput]
[TrainingSystem]
public partial class RawPair
{
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp First { get; }
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp Second { get; }
}

// 1. Per-sample min–max: y = (x − min) / max(max − min, ε). The published code divided by (max − min), so a
//    constant output row was 0 / 0 = NaN; here it gives zeros.
[SharedInput]
[OutputNorm(NormMethod.Range)]
public partial class RangePair
{
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp First { get; }
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp Second { get; }
}

// 2. Per-sample z-score: y = (x − mean) / sqrt(var + 1e-8), each network on its own. This is also exactly what the
//    published "shared" code computed (it concatenated along the batch axis, then took per-row statistics).
[SharedInput]
[OutputNorm(NormMethod.Standardize)]
public partial class StandardizedPair
{
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp First { get; }
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp Second { get; }
}

// 3. Shared standardisation done right: for each sample, mean and variance pooled over the 20 values of both
//    networks' outputs, and those same statistics applied to both, so each network's normalised output (and loss)
//    depends on the other's.
[SharedInput]
[OutputNorm(NormMethod.SharedStandardize)]
public partial class SharedStandardizedPair
{
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp First { get; }
    [Member(Task = TaskLoss.Mse, LearningRate = 1e-3)] public partial Mlp Second { get; }
}
