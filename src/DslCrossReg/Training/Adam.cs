using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// TorchSharp's Adam, step for step (the same operations on the same tensors in the same order, so the same values bit
/// for bit, and the same state, saved and loaded as Adam's), except that it writes each step's denominator
/// <c>√v̂ + ε</c> into a tensor it keeps for the parameter instead of allocating two new ones per step. Over a
/// <see cref="ParameterBuffer"/>'s flat parameter those two were as large as the whole member (870 KB for a
/// 784-256-64-10 network) and, in a new process, page-faulted on every step while the C allocator was still giving
/// its heap back to the kernel after each one (bench/README.md, issue 12).
/// </summary>
/// <remarks>
/// Named <c>Adam</c> on purpose: an optimizer's saved state begins with its type's name, and checkpoints written with
/// TorchSharp's Adam must load into this one (and the other way round).
/// </remarks>
internal sealed class Adam : TorchSharp.Modules.Adam
{
    private readonly Dictionary<IntPtr, Tensor> scratch = new();

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
            var denominator = Scratch(parameter);
            denominator.copy_(second).sqrt_().div_(Math.Sqrt(biasCorrection2)).add_(eps);
            parameter.addcdiv_(state.exp_avg, denominator, value: -(learningRate / biasCorrection1));
        }
    }, closure);

    private Tensor Scratch(Parameter parameter)
    {
        if (!scratch.TryGetValue(parameter.Handle, out var tensor))
        {
            tensor = torch.empty_like(parameter).DetachFromDisposeScope();
            scratch[parameter.Handle] = tensor;
        }
        return tensor;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var tensor in scratch.Values) tensor.Dispose();
        base.Dispose(disposing);
    }
}
