using System;
using System.Linq;
using DslCrossReg.Losses;
using DslCrossReg.Tests.Numerics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Losses;

[Collection(SeededTests.Name)]
public class ParameterDistanceTests
{
    // A 2×3 weight and a bias of 2: the model (receives gradients) and the reference (must not).
    private static readonly double[][] Model = { new[] { 0.5, -1.0, 2.0, 0.0, 1.5, -0.25 }, new[] { 0.1, -0.3 } };
    private static readonly double[][] Reference = { new[] { 0.25, -0.5, 1.0, 1.0, 1.0, 0.5 }, new[] { -0.2, 0.4 } };
    private static readonly double[][] Zero = { new double[6], new double[2] };

    private static Tensor[] Tensors(double[][] p) =>
        new[] { Float64.Vector(p[0]).reshape(2, 3), Float64.Vector(p[1]) };

    // Inputs 0, 1: the model's tensors; 2, 3: the reference's.
    private static Tensor[] Inputs(double[][] model, double[][] reference) => Tensors(model).Concat(Tensors(reference)).ToArray();

    private static double L1(double[] x, double[] y) => x.Select((v, j) => Math.Abs(v - y[j])).Sum();

    private static double ReferenceInverseL1(double[][] m, double[][] r, double epsilon) =>
        m.Select((p, k) => 1 / (L1(p, r[k]) + epsilon)).Sum();

    private static double ReferenceExpSimilarity(double[][] m, double[][] r, double scale) =>
        Math.Exp(-(m.Select((p, k) => L1(p, r[k])).Sum() / m.Sum(p => p.Length)) / scale);

    private static double ReferenceCosine(double[][] m, double[][] r, double epsilon)
    {
        double[] x = m.SelectMany(p => p).ToArray(), y = r.SelectMany(p => p).ToArray();
        return ReferenceMath.Dot(x, y) / (Math.Max(ReferenceMath.Norm(x), epsilon) * Math.Max(ReferenceMath.Norm(y), epsilon));
    }

    private static Tensor InverseL1(Tensor[] x) => ParameterDistance.InverseL1(new[] { x[0], x[1] }, new[] { x[2], x[3] }, 1e-3);
    private static Tensor ExpSimilarity(Tensor[] x) => ParameterDistance.ExpSimilarity(new[] { x[0], x[1] }, new[] { x[2], x[3] }, 0.5);
    private static Tensor Cosine(Tensor[] x) => ParameterDistance.Cosine(new[] { x[0], x[1] }, new[] { x[2], x[3] }, 1e-8);

    public static TheoryData<string> Cases => new() { "different", "identical", "zero model" };

    private static (double[][] Model, double[][] Reference) Case(string name) => name switch
    {
        "different" => (Model, Reference),
        "identical" => (Model, Model),
        "zero model" => (Zero, Reference),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_match_float64_loops(string name)
    {
        var (m, r) = Case(name);
        var inputs = Inputs(m, r);
        Assert.Equal(ReferenceInverseL1(m, r, 1e-3), Float64.Scalar(InverseL1(inputs)), 9);
        Assert.Equal(ReferenceExpSimilarity(m, r, 0.5), Float64.Scalar(ExpSimilarity(inputs)), 12);
        Assert.Equal(ReferenceCosine(m, r, 1e-8), Float64.Scalar(Cosine(inputs)), 12);
    }

    [Fact]
    public void Identical_networks_give_bounded_similarities()
    {
        var inputs = Inputs(Model, Model);
        Assert.Equal(2 / 1e-3, Float64.Scalar(InverseL1(inputs)), 9);
        Assert.Equal(1.0, Float64.Scalar(ExpSimilarity(inputs)), 14);
        Assert.Equal(1.0, Float64.Scalar(Cosine(inputs)), 12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences_for_the_model_and_never_reach_the_reference(string name)
    {
        var (m, r) = Case(name);
        var inputs = Inputs(m, r);
        foreach (Func<Tensor[], Tensor> f in new Func<Tensor[], Tensor>[] { InverseL1, ExpSimilarity, Cosine })
        {
            FiniteDifference.AssertFiniteGradients(f, inputs);
            FiniteDifference.AssertNoGradient(f, inputs, 2);
            FiniteDifference.AssertNoGradient(f, inputs, 3);
            // |·| is even around identical parameters, so central differences see its zero subgradient; the cosine
            // is not differentiable at a zero model vector, where only finiteness is asserted.
            if (!(name == "zero model" && f == Cosine))
                FiniteDifference.AssertGradientsMatch(f, inputs, new[] { 0, 1 });
        }
    }

    [Fact]
    public void Mismatched_lists_are_rejected_naming_the_parameter_and_both_shapes()
    {
        var m = Tensors(Model);
        Rejection.Assert(() => ParameterDistance.InverseL1(m, new[] { m[0] }), "detachedReferenceParameters", "2", "1");
        Rejection.Assert(() => ParameterDistance.ExpSimilarity(m, new[] { m[0], torch.zeros(3, ScalarType.Float64) }, 1.0),
            "detachedReferenceParameters", "parameters[1]", "[2]", "[3]");
        Rejection.Assert(() => ParameterDistance.Cosine(m, new[] { m[0], m[1].to(ScalarType.Float32) }),
            "detachedReferenceParameters", "parameters[1]", "Float64", "Float32");
        Rejection.Assert(() => ParameterDistance.InverseL1(Array.Empty<Tensor>(), Array.Empty<Tensor>()), "parameters");
        Rejection.Assert(() => ParameterDistance.InverseL1(m, m, 0), "epsilon");
        Rejection.Assert(() => ParameterDistance.ExpSimilarity(m, m, -1), "scale");
    }

    [Fact]
    public void Module_overloads_name_the_mismatched_parameter()
    {
        using var model = nn.Sequential(("hidden", nn.Linear(3, 4)), ("out", nn.Linear(4, 2)));
        using var reference = nn.Sequential(("hidden", nn.Linear(3, 5)), ("out", nn.Linear(5, 2)));
        Rejection.Assert(() => ParameterDistance.InverseL1(model, reference), "detachedReference", "'hidden.weight'", "[4, 3]", "[5, 3]");
        using var other = nn.Sequential(("first", nn.Linear(3, 4)), ("out", nn.Linear(4, 2)));
        Rejection.Assert(() => ParameterDistance.Cosine(model, other), "detachedReference", "'hidden.weight'", "'first.weight'");
    }

    [Fact]
    public void Module_overloads_agree_with_the_lists_and_train_only_the_model()
    {
        torch.manual_seed(3);
        using var model = nn.Sequential(("hidden", nn.Linear(3, 4)), ("out", nn.Linear(4, 2)));
        using var reference = nn.Sequential(("hidden", nn.Linear(3, 4)), ("out", nn.Linear(4, 2)));
        var m = model.parameters().Select(p => (Tensor)p).ToArray();
        var r = reference.parameters().Select(p => (Tensor)p).ToArray();
        Assert.Equal(Float64.Scalar(ParameterDistance.InverseL1(m, r)), Float64.Scalar(ParameterDistance.InverseL1(model, reference)));
        Assert.Equal(Float64.Scalar(ParameterDistance.ExpSimilarity(m, r, 0.1)), Float64.Scalar(ParameterDistance.ExpSimilarity(model, reference, 0.1)));
        Assert.Equal(Float64.Scalar(ParameterDistance.Cosine(m, r)), Float64.Scalar(ParameterDistance.Cosine(model, reference)));
        (ParameterDistance.InverseL1(model, reference) + ParameterDistance.ExpSimilarity(model, reference, 0.1) + ParameterDistance.Cosine(model, reference)).backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
        Assert.All(reference.parameters(), p => Assert.True(p.grad is null || Float64.Values(p.grad).All(g => g == 0)));
    }
}
