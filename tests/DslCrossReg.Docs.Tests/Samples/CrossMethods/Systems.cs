using DslCrossReg;

namespace DocSamples.CrossMethods;

#region embedding-distance
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]                           // "EmbeddingDistance(A,B)"
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding", Form = CrossForm.Cosine)]  // "EmbeddingDistance.Cosine(A,B)"
public partial class Agreeing
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial WideEncoder B { get; }
}
#endregion

#region adversarial
[CrossLoss(CrossMethod.Adversarial, 0.1, Tap = "embedding", WarmupSteps = 200)]   // "Adversarial(A,B)"
public partial class Aligned
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial WideEncoder B { get; }
    [Discriminator(LearningRate = 2e-4)] public partial Critic Critic { get; }   // leave out for the default MLP
}
#endregion

#region distillation
[CrossLoss(CrossMethod.Distillation, 9, Teacher = "Teacher", Student = "Student", Temperature = 4)]   // Kl
[CrossLoss(CrossMethod.Distillation, 0.1, Teacher = "Teacher", Student = "Student", Tap = "embedding")] // L2
public partial class Distilled
{
    [Member(Frozen = true)] public partial WideEncoder Teacher { get; }
    [Member(Task = TaskLoss.CrossEntropyWhereLabeled)] public partial Encoder Student { get; }
}
// Terms: "Distillation(Teacher,Student)" (Kl, declared first) and "Distillation.L2(Teacher,Student)"
#endregion

#region parameter-distance
// B is trained on its labels and pushed away from A, a trained network of the same topology kept frozen.
[CrossLoss(CrossMethod.ParameterDistance, 0.1, Reference = "A", Form = CrossForm.ExpSimilarity, Scale = 0.01)]
public partial class Diverse
{
    [Member(Frozen = true)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
}
// Term: "ParameterDistance(A,B)"
#endregion

#region output-disagreement
[CrossLoss(CrossMethod.OutputDisagreement, 0.5, Reference = "A", Form = CrossForm.NegativeCrossEntropy, Scale = 3)]
public partial class Disagreeing
{
    [Member(Frozen = true)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial WideEncoder B { get; }
}
// Term: "OutputDisagreement(A,B)"
#endregion

#region contrastive
[CrossLoss(CrossMethod.Contrastive, 1.0, Tap = "embedding")]                                     // InfoNce, no labels
[CrossLoss(CrossMethod.Contrastive, 0.2, Tap = "embedding", Form = CrossForm.Margin, Margin = 0.2)]   // needs PairLabel
public partial class Paired
{
    [Member] public partial Encoder A { get; }
    [Member] public partial WideEncoder B { get; }
}
// Terms: "Contrastive(A,B)" (InfoNce) and "Contrastive.Margin(A,B)"; the Batch has a PairLabel field
#endregion

#region between
// Three members: a term is declared once and applies to every pair, or to the pairs of the members in Between.
[CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]                                   // (A,B), (A,C), (B,C)
[CrossLoss(CrossMethod.Contrastive, 0.5, Tap = "embedding", Between = new[] { "A", "C" })]            // (A,C)
public partial class Trio
{
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
    [Member(Task = TaskLoss.CrossEntropy)] public partial WideEncoder C { get; }
}
#endregion
