using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// What makes a generated step all or nothing. A step changes state before it knows whether it will be applied: the
/// forward pass moves BatchNorm running statistics and counters and draws dropout masks from the random generator,
/// and an Adversarial system's discriminator steps before the members' loss exists. A refused step (non-finite loss
/// or gradient, or an exception) calls <see cref="Rollback"/>, which puts each of these back exactly; the members'
/// parameters and optimizer states need no copy, because nothing writes them before the checks pass.
/// </summary>
/// <remarks>
/// What it costs per step is a copy of every buffer of the trained modules (none in a network without BatchNorm), the
/// random generator's state (5 KB on the CPU; only when a trained module or a term may draw random numbers: see
/// <see cref="MayDrawRandomNumbers"/>), and in an Adversarial system the discriminator's parameters and
/// optimizer state (the discriminator is small). The copies are made into tensors kept between steps. The state
/// captured is the CPU generator's: members on a GPU draw dropout masks from that device's generator, which is not
/// restored.
/// </remarks>
public sealed class StepTransaction : IDisposable
{
    private readonly (Tensor Live, Tensor Saved)[] buffers;
    private readonly (string Name, Tensor Live)[] floatBuffers;
    private readonly BatchNorm[] batchNorms;
    private readonly string? batchNormOwner;
    private readonly (Parameter Live, Tensor Saved)[] discriminatorParameters;
    private readonly OptimizerState[] discriminatorStates;
    private readonly Tensor?[][] discriminatorSavedStates;
    private readonly long[] discriminatorSteps;
    private readonly bool[][] discriminatorPresent;
    private readonly bool capturesRandom;
    private Tensor? rng;
    private bool discriminatorCaptured;
    private bool disposed;

    /// <summary>
    /// Describes what a step of a system may change: the buffers of <paramref name="trained"/> (each member that is
    /// trained, and the discriminator) and, with <paramref name="discriminator"/>, the discriminator's parameters
    /// and optimizer state.
    /// </summary>
    public StepTransaction(IReadOnlyList<(string Name, nn.Module Module)> trained, ParameterBuffer? discriminator = null, optim.Optimizer? discriminatorOptimizer = null)
        : this(trained, randomTerms: false, discriminator, discriminatorOptimizer)
    {
    }

    /// <summary>
    /// As the constructor above, for a system whose loss terms may draw random numbers themselves
    /// (<paramref name="randomTerms"/>: a generated system passes true when it has <c>[CrossTerm]</c> methods, user code):
    /// the random generator is then captured on every step whatever the modules are.
    /// </summary>
    public StepTransaction(IReadOnlyList<(string Name, nn.Module Module)> trained, bool randomTerms, ParameterBuffer? discriminator = null, optim.Optimizer? discriminatorOptimizer = null)
    {
        ArgumentErrors.NotNull(trained);
        capturesRandom = randomTerms || trained.Any(m => MayDrawRandomNumbers(m.Module));
        using var scope = torch.NewDisposeScope();
        var named = trained.SelectMany(m => m.Module.named_buffers().Select(b => (Name: m.Name + ": buffer " + b.name, Live: b.buffer))).ToArray();
        buffers = named.Select(b => (b.Live, b.Live.detach().clone().DetachFromDisposeScope())).ToArray();
        floatBuffers = named.Where(b => b.Live.is_floating_point()).ToArray();
        var norms = trained.Select(m => (m.Name, Norms: m.Module.modules().OfType<BatchNorm>().ToArray())).Where(m => m.Norms.Length > 0).ToArray();
        batchNorms = norms.SelectMany(m => m.Norms).ToArray();
        batchNormOwner = norms.Length > 0 ? norms[0].Name : null;
        if (discriminator is null || discriminatorOptimizer is null)
        {
            discriminatorParameters = Array.Empty<(Parameter, Tensor)>();
            discriminatorStates = Array.Empty<OptimizerState>();
            discriminatorSavedStates = Array.Empty<Tensor?[]>();
            discriminatorSteps = Array.Empty<long>();
            discriminatorPresent = Array.Empty<bool[]>();
            return;
        }
        discriminatorParameters = discriminator.Flat.Select(p => (p, p.detach().clone().DetachFromDisposeScope())).ToArray();
        discriminatorStates = StatesOf(discriminatorOptimizer);
        discriminatorSavedStates = discriminatorStates.Select(s => new Tensor?[TensorsOf(s).Length]).ToArray();
        // Filled in place each step: the capture allocates nothing managed but TorchSharp's own wrappers.
        discriminatorSteps = new long[discriminatorStates.Length];
        discriminatorPresent = discriminatorSavedStates.Select(saved => new bool[saved.Length]).ToArray();
    }

    /// <summary>
    /// Refuses a training batch of one sample when a trained module has BatchNorm in training mode: its batch
    /// statistics would be those of a single sample (PyTorch refuses a BatchNorm that sees one value per channel).
    /// </summary>
    public void RequireBatchStatistics(string field, long batchSize)
    {
        if (batchSize != 1 || batchNormOwner is null) return;
        foreach (var norm in batchNorms)
        {
            if (norm.training)
                throw new BatchException(field, $"{field} holds 1 sample, but '{batchNormOwner}' has BatchNorm in training mode, which needs at least 2 samples for its batch statistics. Train on batches of 2 or more; Evaluate takes single samples.");
        }
    }

    /// <summary>
    /// The first floating-point buffer the step's forward passes left NaN or infinite (<c>A: buffer batchnorm1.running_var</c>),
    /// or null. A finite loss does not prove finite statistics: an input of 3e38 normalises to finite values while its
    /// variance overflows, and statistics kept from it would make every later evaluation NaN.
    /// </summary>
    public string? FirstNonFiniteBuffer()
    {
        foreach (var (name, live) in floatBuffers)
        {
            using var sum = live.sum();
            if (!double.IsFinite(TensorReads.ToDouble(sum))) return name;
        }
        return null;
    }

    /// <summary>Captures what the forward pass may change: buffers and the random generator's state.</summary>
    public void Begin()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        discriminatorCaptured = false;
        using (torch.no_grad())
        {
            foreach (var (live, saved) in buffers) Copy(saved, live);
        }
        if (!capturesRandom) return;
        rng?.Dispose();
        rng = torch.get_rng_state().DetachFromDisposeScope();
    }

    /// <summary>Whether the random generator's state is captured on each step (see <see cref="MayDrawRandomNumbers"/>).</summary>
    public bool CapturesRandomState => capturesRandom;

    // Module types whose own forward draws no random numbers; their children are judged on their own. Everything else
    // may: Dropout, and any type not listed (a user's module, an LSTM or attention layer that may have dropout).
    private static readonly HashSet<Type> Deterministic = new()
    {
        typeof(Linear), typeof(Conv1d), typeof(Conv2d), typeof(MaxPool2d), typeof(AvgPool2d), typeof(Flatten), typeof(Identity),
        typeof(ReLU), typeof(GELU), typeof(Tanh), typeof(Sigmoid), typeof(LeakyReLU), typeof(BatchNorm1d), typeof(BatchNorm2d),
        typeof(LayerNorm), typeof(Embedding), typeof(Sequential), typeof(DefaultDiscriminator),
        typeof(DslCrossReg.Modules.RangeNormalizeLayer), typeof(DslCrossReg.Modules.StandardizeLayer),
    };

    /// <summary>
    /// Whether a training-mode forward of <paramref name="module"/> may draw from the random generator: false only when
    /// it and every module under it is a network declared with the DSL (whose own forward only calls its layers) or a
    /// layer known not to (Linear, convolutions, pooling, activations, normalisations, Embedding). A step over such
    /// modules leaves the generator as it found it, so there is nothing to capture or put back.
    /// </summary>
    public static bool MayDrawRandomNumbers(nn.Module module)
    {
        ArgumentErrors.NotNull(module);
        return module.modules().Prepend(module).Any(m => m is not IDeclaredNetwork && !Deterministic.Contains(m.GetType()));
    }

    /// <summary>Captures the discriminator's parameters and optimizer state, just before it steps.</summary>
    public void BeforeDiscriminatorStep()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using (torch.no_grad())
        {
            foreach (var (live, saved) in discriminatorParameters) Copy(saved, live);
            for (int i = 0; i < discriminatorStates.Length; i++)
            {
                var tensors = TensorsOf(discriminatorStates[i]);
                var saved = discriminatorSavedStates[i];
                discriminatorSteps[i] = StepOf(discriminatorStates[i]);
                for (int j = 0; j < tensors.Length; j++)
                {
                    discriminatorPresent[i][j] = tensors[j] is not null;
                    if (tensors[j] is null) continue;
                    saved[j] ??= torch.empty_like(tensors[j]!).DetachFromDisposeScope();
                    Copy(saved[j]!, tensors[j]!);
                }
            }
        }
        discriminatorCaptured = true;
    }

    /// <summary>
    /// Puts back everything captured since <see cref="Begin"/>: buffers, the random generator and, when it stepped,
    /// the discriminator. Safe to call more than once.
    /// </summary>
    public void Rollback()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using (torch.no_grad())
        {
            foreach (var (live, saved) in buffers) Copy(live, saved);
            if (discriminatorCaptured)
            {
                foreach (var (live, saved) in discriminatorParameters) Copy(live, saved);
                for (int i = 0; i < discriminatorStates.Length; i++)
                    Restore(discriminatorStates[i], discriminatorSavedStates[i], discriminatorPresent[i], discriminatorSteps[i]);
            }
        }
        if (rng is not null) torch.set_rng_state(rng);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var (_, saved) in buffers) saved.Dispose();
        foreach (var (_, saved) in discriminatorParameters) saved.Dispose();
        foreach (var saved in discriminatorSavedStates)
            foreach (var tensor in saved) tensor?.Dispose();
        rng?.Dispose();
    }

    // copy_ may return its target or a second handle on it: a second handle is freed at once, so that nothing
    // waits for a dispose scope.
    private static void Copy(Tensor target, Tensor source)
    {
        var result = target.copy_(source);
        if (!ReferenceEquals(result, target)) result.Dispose();
    }

    private static OptimizerState[] StatesOf(optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper helper)
            throw new NotSupportedException($"A discriminator's optimizer must be one of the library's (Adam, AdamW, SGD), not {optimizer.GetType().Name}.");
        var states = helper.state_dict().State.ToArray();
        foreach (var state in states) TensorsOf(state);
        return states;
    }

    // The tensors an optimizer's step writes, per kind of state; a null entry is a tensor the optimizer has not made
    // yet (SGD's momentum buffer before its first step).
    private static Tensor?[] TensorsOf(OptimizerState state) => state switch
    {
        TorchSharp.Modules.Adam.State adam => new[] { adam.exp_avg, adam.exp_avg_sq, adam.max_exp_avg_sq },
        AdamW.State adamW => new[] { adamW.exp_avg, adamW.exp_avg_sq, adamW.max_exp_avg_sq },
        SGD.State sgd => new[] { sgd.momentum_buffer },
        _ => throw new NotSupportedException($"A discriminator's optimizer state of type {state.GetType().Name} cannot be rolled back."),
    };

    private static long StepOf(OptimizerState state) => state switch
    {
        TorchSharp.Modules.Adam.State adam => adam.step,
        AdamW.State adamW => adamW.step,
        _ => 0,
    };

    private static void Restore(OptimizerState state, Tensor?[] saved, bool[] present, long step)
    {
        var live = TensorsOf(state);
        for (int j = 0; j < live.Length; j++)
        {
            if (present[j]) Copy(live[j]!, saved[j]!);
        }
        switch (state)
        {
            case TorchSharp.Modules.Adam.State adam:
                adam.step = step;
                break;
            case AdamW.State adamW:
                adamW.step = step;
                break;
            case SGD.State sgd when !present[0] && sgd.momentum_buffer is not null:
                // Made by the step being rolled back: the optimizer makes it again on its next step.
                sgd.momentum_buffer.Dispose();
                sgd.momentum_buffer = null;
                break;
        }
    }
}
