using System;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Losses;

/// <summary>
/// Scenario 1, method 3: a student network learns from a teacher on the same data. The teacher is
/// detached <em>inside</em> every function, as its parameter's name says at every call (<c>detachedTeacher:</c>): the
/// published code forgot to, so the student's backward wrote gradients into the teacher and its next step moved the
/// teacher towards the student. A caller need not detach the teacher itself.
/// </summary>
public static class DistillationLosses
{
    /// <summary>
    /// Mean over the batch of the per-sample Euclidean distance from the student's embedding to the detached
    /// teacher's: L = (1/B) Σᵢ ‖sᵢ − sg(tᵢ)‖₂ (sg = stop gradient), scenario 1's form. Where sᵢ = tᵢ the
    /// gradient is 0, as in <see cref="EmbeddingLosses.Distance"/>.
    /// </summary>
    /// <param name="student">Student embeddings, shape (batch, features); receives the gradient.</param>
    /// <param name="detachedTeacher">Teacher embeddings, the same shape and dtype; detached here, so they receive no gradient.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="ArgumentException">A null, non-floating, non-rank-2, empty or mismatched input.</exception>
    public static Tensor L2(Tensor student, Tensor detachedTeacher)
    {
        TensorChecks.RequireMatchingRows(student, nameof(student), detachedTeacher, nameof(detachedTeacher));
        // Temporaries freed one by one, as in EmbeddingLosses.Distance.
        using var teacher = detachedTeacher.detach();
        using var difference = student - teacher;
        using var norms = SafeNorm.Euclidean(difference, 1);
        return norms.mean();
    }

    /// <summary>
    /// Hinton's distillation loss: KL(p_T ‖ q_T) · T², averaged over the batch ("batchmean"), with
    /// p_T = softmax(sg(t)/T) the teacher's and q_T = softmax(s/T) the student's softened distributions:
    /// L = (T²/B) Σᵢ Σ_c p_T,ic (log p_T,ic − log q_T,ic).
    /// Both logarithms come from log_softmax, never log(softmax(·)), which underflows to log 0 = −∞ for
    /// confident logits. The T² keeps the gradient's scale independent of T (it shrinks as 1/T²).
    /// </summary>
    /// <param name="studentLogits">Student logits, shape (batch, classes); receives the gradient.</param>
    /// <param name="detachedTeacherLogits">Teacher logits, the same shape and dtype; detached here, so they receive no gradient.</param>
    /// <param name="temperature">T; must be positive. T = 1 is the plain KL; larger T softens both distributions.</param>
    /// <returns>A scalar tensor, ≥ 0.</returns>
    /// <exception cref="ArgumentException">A null, non-floating, non-rank-2, empty or mismatched input, or T ≤ 0.</exception>
    public static Tensor Kl(Tensor studentLogits, Tensor detachedTeacherLogits, double temperature)
    {
        TensorChecks.RequireMatchingRows(studentLogits, nameof(studentLogits), detachedTeacherLogits, nameof(detachedTeacherLogits));
        TensorChecks.RequirePositive(temperature, nameof(temperature));
        using var scope = torch.NewDisposeScope();
        var logP = (detachedTeacherLogits.detach() / temperature).log_softmax(1);
        var logQ = (studentLogits / temperature).log_softmax(1);
        // exp(log p) is exactly 0 where the teacher's probability underflows; log p stays finite, so 0·finite = 0.
        var kl = (logP.exp() * (logP - logQ)).sum(1).mean();
        return (kl * (temperature * temperature)).MoveToOuterDisposeScope();
    }
}
