using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// TorchSharp's Adam, step for step (the same kernels on the same values in the same order, so the same values bit for
/// bit, and the same state, saved and loaded as Adam's), except that each step's denominator <c>√v̂ + ε</c> is made in
/// one new tensor instead of two: TorchSharp's Adam takes the square root into one temporary and divides it into a
/// second (<c>exp_avg_sq.sqrt() / √(1 − β₂ᵗ)</c>); here the division and the <c>+ ε</c> run in place on the first.
/// Over a <see cref="ParameterBuffer"/>'s flat parameter each temporary is as large as the whole member (870 KB for a
/// 784-256-64-10 network), and in a new process such temporaries page-faulted on every step while the C allocator
/// was still giving its heap back to the kernel after each one (bench/README.md, issue 12). Keeping the denominator
/// between steps instead (an earlier version) avoided the allocation but cost a copy pass per step, which a settled
/// process pays for good.
/// </summary>
/// <remarks>
/// Named <c>Adam</c> on purpose: an optimizer's saved state begins with its type's name, and checkpoints written with
/// TorchSharp's Adam must load into this one (and the other way round).
/// </remarks>
internal sealed class Adam : TorchSharp.Modules.Adam
{
    public Adam(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
        : base(parameters, learningRate, weight_decay: weightDecay)
    {
    }

    // The constants of the update as native scalars, made once: converting a double argument makes a native Scalar
    // and a finalizable managed object on every call, seven per parameter and step (bench/README.md, issue 12).
    private Constants? constants;

    /// <inheritdoc />
    /// <remarks>
    /// TorchSharp's <c>_step</c> wraps the update in a dispose scope and calls it through a delegate; here the few
    /// temporaries are freed one by one and the constants are kept, so that a step allocates almost nothing managed.
    /// </remarks>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
        {
            using (torch.enable_grad()) loss = closure();
        }
        using (torch.no_grad())
        {
            for (int i = 0; i < _parameter_groups.Count; i++) Update(_parameter_groups[i]);
        }
        return loss!;
    }

    private void Update(TorchSharp.Modules.ParamGroup group)
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, weightDecay = options.weight_decay!.Value;
        double eps = options.eps!.Value, learningRate = options.LearningRate!.Value;
        bool amsgrad = options.amsgrad!.Value, maximize = options.maximize!.Value;
        if (constants is null || !constants.Are(beta1, beta2, eps))
        {
            constants?.Dispose();
            constants = new Constants(beta1, beta2, eps);
        }
        if (group.Parameters is IReadOnlyList<Parameter> list)
        {
            for (int i = 0; i < list.Count; i++) Update(list[i], constants, learningRate, weightDecay, amsgrad, maximize);
        }
        else
        {
            foreach (var parameter in group.Parameters) Update(parameter, constants, learningRate, weightDecay, amsgrad, maximize);
        }
    }

    private void Update(Parameter parameter, Constants c, double learningRate, double weightDecay, bool amsgrad, bool maximize)
    {
        var state = (State)_state[parameter.Handle];
        using var gradient = parameter.grad;
        if (gradient is null) return;
        using var negated = maximize ? -gradient : null;
        var grad = negated ?? gradient;
        state.step += 1;
        double biasCorrection1 = 1 - Math.Pow(c.Beta1, state.step);
        double biasCorrection2 = 1 - Math.Pow(c.Beta2, state.step);
        using var decayed = weightDecay != 0 ? grad.add(parameter, alpha: weightDecay) : null;
        grad = decayed ?? grad;
        // TorchSharp's Adam multiplies by grad.conj(), which for a real gradient is the gradient itself.
        state.exp_avg.mul_(c.Beta1Scalar).add_(grad, c.OneMinusBeta1);
        state.exp_avg_sq.mul_(c.Beta2Scalar).addcmul_(grad, grad, c.OneMinusBeta2);
        var second = state.exp_avg_sq;
        if (amsgrad)
        {
            var previous = state.max_exp_avg_sq;
            state.max_exp_avg_sq = torch.maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
            previous.Dispose();
            second = state.max_exp_avg_sq;
        }
        // The division makes its own tensor in TorchSharp's Adam; in place on the root here: the same kernel.
        using var denominator = second.sqrt();
        using (var root = Math.Sqrt(biasCorrection2).ToScalar()) denominator.div_(root);
        denominator.add_(c.Eps);
        using var stepSize = (-(learningRate / biasCorrection1)).ToScalar();
        parameter.addcdiv_(state.exp_avg, denominator, stepSize);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) constants?.Dispose();
    }

    private sealed class Constants : IDisposable
    {
        public Constants(double beta1, double beta2, double eps)
        {
            Beta1 = beta1;
            Beta2 = beta2;
            EpsValue = eps;
            Beta1Scalar = beta1.ToScalar();
            OneMinusBeta1 = (1 - beta1).ToScalar();
            Beta2Scalar = beta2.ToScalar();
            OneMinusBeta2 = (1 - beta2).ToScalar();
            Eps = eps.ToScalar();
        }

        public double Beta1 { get; }
        public double Beta2 { get; }
        public double EpsValue { get; }
        public Scalar Beta1Scalar { get; }
        public Scalar OneMinusBeta1 { get; }
        public Scalar Beta2Scalar { get; }
        public Scalar OneMinusBeta2 { get; }
        public Scalar Eps { get; }

        // Exact comparison on purpose: the scalars must hold exactly the options' values.
        public bool Are(double beta1, double beta2, double eps) => Beta1 == beta1 && Beta2 == beta2 && EpsValue == eps;

        public void Dispose()
        {
            Beta1Scalar.Dispose();
            OneMinusBeta1.Dispose();
            Beta2Scalar.Dispose();
            OneMinusBeta2.Dispose();
            Eps.Dispose();
        }
    }
}
