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

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, weightDecay = options.weight_decay!.Value;
        double eps = options.eps!.Value, learningRate = options.LearningRate!.Value;
        bool amsgrad = options.amsgrad!.Value, maximize = options.maximize!.Value;
        foreach (var parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            var grad = parameter.grad;
            if (grad is null) continue;
            if (maximize) grad = -grad;
            state.step += 1;
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0) grad = grad.add(parameter, alpha: weightDecay);
            state.exp_avg.mul_(beta1).add_(grad, alpha: 1 - beta1);
            state.exp_avg_sq.mul_(beta2).addcmul_(grad, grad.conj(), value: 1 - beta2);
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
            denominator.div_(Math.Sqrt(biasCorrection2)).add_(eps);
            parameter.addcdiv_(state.exp_avg, denominator, value: -(learningRate / biasCorrection1));
        }
    }, closure);
}
