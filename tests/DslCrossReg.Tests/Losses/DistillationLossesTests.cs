using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static DslCrossReg.Tests.Numerics.ReferenceMath;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Losses;

public class DistillationLossesTests
{
    private static readonly double[,] Student = { { 1.0, -0.5, 2.0 }, { 0.25, 0.75, -1.0 } };
    private static readonly double[,] Teacher = { { 0.5, 0.5, 1.5 }, { -1.0, 2.0, 0.0 } };
    // The teacher is certain (probabilities that underflow to 0) and the student disagrees sharply.
    private static readonly double[,] ConfidentTeacher = { { 900.0, 0.0, -900.0 }, { 0.0, 0.0, 0.0 } };

    private static double ReferenceL2(double[,] s, double[,] t) =>
        Enumerable.Range(0, s.GetLength(0)).Average(i => Norm(Subtract(Float64.Row(s, i), Float64.Row(t, i))));

    private static double ReferenceKl(double[,] s, double[,] t, double temperature)
    {
        double total = 0;
        for (int i = 0; i < s.GetLength(0); i++)
        {
            var logP = LogSoftmax(Float64.Row(t, i).Select(v => v / temperature).ToArray());
            var logQ = LogSoftmax(Float64.Row(s, i).Select(v => v / temperature).ToArray());
            for (int c = 0; c < logP.Length; c++)
                total += Math.Exp(logP[c]) * (logP[c] - logQ[c]);
        }
        return total / s.GetLength(0) * temperature * temperature;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void L2_is_the_mean_per_sample_distance(bool identical)
    {
        var teacher = identical ? Student : Teacher;
        Assert.Equal(ReferenceL2(Student, teacher), Float64.Scalar(DistillationLosses.L2(Float64.Matrix(Student), Float64.Matrix(teacher))), 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void L2_gradient_reaches_the_student_only(bool identical)
    {
        var inputs = new[] { Float64.Matrix(Student), Float64.Matrix(identical ? Student : Teacher) };
        FiniteDifference.AssertGradientsMatch(x => DistillationLosses.L2(x[0], x[1]), inputs, new[] { 0 });
        FiniteDifference.AssertNoGradient(x => DistillationLosses.L2(x[0], x[1]), inputs, 1);
        FiniteDifference.AssertFiniteGradients(x => DistillationLosses.L2(x[0], x[1]), inputs);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(4.5)]
    public void Kl_is_hintons_batchmean_KL_scaled_by_T_squared(double temperature)
    {
        double actual = Float64.Scalar(DistillationLosses.Kl(Float64.Matrix(Student), Float64.Matrix(Teacher), temperature));
        Assert.Equal(ReferenceKl(Student, Teacher, temperature), actual, 12);
    }

    [Fact]
    public void Kl_is_zero_for_identical_logits_and_finite_for_a_certain_teacher()
    {
        Assert.Equal(0.0, Float64.Scalar(DistillationLosses.Kl(Float64.Matrix(Student), Float64.Matrix(Student), 2.0)), 14);
        double confident = Float64.Scalar(DistillationLosses.Kl(Float64.Matrix(Student), Float64.Matrix(ConfidentTeacher), 1.0));
        Assert.Equal(ReferenceKl(Student, ConfidentTeacher, 1.0), confident, 10);
        FiniteDifference.AssertFiniteGradients(x => DistillationLosses.Kl(x[0], x[1], 1.0), new[] { Float64.Matrix(Student), Float64.Matrix(ConfidentTeacher) });
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Kl_gradient_reaches_the_student_only(double temperature)
    {
        foreach (var teacher in new[] { Teacher, ConfidentTeacher, Student })
        {
            var inputs = new[] { Float64.Matrix(Student), Float64.Matrix(teacher) };
            FiniteDifference.AssertGradientsMatch(x => DistillationLosses.Kl(x[0], x[1], temperature), inputs, new[] { 0 });
            FiniteDifference.AssertNoGradient(x => DistillationLosses.Kl(x[0], x[1], temperature), inputs, 1);
        }
    }

    [Fact]
    public void Invalid_inputs_are_rejected_naming_the_argument_and_both_shapes()
    {
        var s = torch.zeros(2, 3, ScalarType.Float64);
        Rejection.Assert(() => DistillationLosses.L2(s, torch.zeros(2, 4, ScalarType.Float64)), "detachedTeacher", "[2, 3]", "[2, 4]");
        Rejection.Assert(() => DistillationLosses.Kl(s, torch.zeros(3, 3, ScalarType.Float64), 1.0), "detachedTeacherLogits", "[2, 3]", "[3, 3]");
        Rejection.Assert(() => DistillationLosses.Kl(torch.zeros(6, ScalarType.Float64), s, 1.0), "studentLogits", "[6]", "[2, 3]");
        Rejection.Assert(() => DistillationLosses.Kl(s, s, 0.0), "temperature");
        Rejection.Assert(() => DistillationLosses.Kl(s, s, double.NaN), "temperature");
    }
}
