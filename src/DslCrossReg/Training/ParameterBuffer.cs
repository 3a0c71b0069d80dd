using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// A member's trainable parameters and their gradients, each held in one contiguous tensor per device and element
/// type, with every parameter and every gradient a view into it. The optimizer then updates one flat parameter per
/// buffer instead of every parameter one by one, and zeroing the gradients or checking them for NaN and infinities is
/// one tensor operation: on a small network the fixed cost of each TorchSharp call, not arithmetic, is what a training
/// step spends its time on (TorchSharp's optimizers issue about ten calls per parameter and step).
/// </summary>
/// <remarks>
/// <para>
/// Making the buffer moves each parameter's values into it (<c>set_</c>, under <c>no_grad</c>): the module keeps the
/// same <see cref="Parameter"/> objects, its forward pass and its saved state are unchanged, and loading a state into
/// the module writes into the buffer. Optimizers built over <see cref="Flat"/> do exactly the element-wise arithmetic
/// they would do parameter by parameter, so the values are the same bit for bit. Moving the module to another device
/// or type afterwards replaces its parameters and cuts them off the buffer, as it would cut them off any optimizer.
/// </para>
/// <para>
/// A backward pass accumulates into a gradient that is already there, in place, so once every parameter's
/// <c>grad</c> is its view the buffer holds every gradient the pass computes. <see cref="Zero"/> attaches the views
/// again each time, so that whatever replaced a gradient in between (a <c>Module.zero_grad()</c>, which sets
/// gradients to none, or a user's assignment) is undone before the next backward pass.
/// </para>
/// <para>
/// Only parameters that require gradients when the buffer is made are included; a parameter shared between modules is
/// included once.
/// </para>
/// </remarks>
public sealed class ParameterBuffer : IDisposable
{
    private readonly Group[] groups;
    private bool disposed;

    // A native scalar 0 for Zero, made once for the process (it is never disposed: it is shared and tiny).
    private static readonly Scalar ZeroScalar = 0.ToScalar();

    /// <summary>Moves every trainable parameter of <paramref name="modules"/> into the buffer, in order.</summary>
    public ParameterBuffer(params nn.Module[] modules)
    {
        ArgumentErrors.NotNull(modules);
        var seen = new HashSet<IntPtr>();
        var trainable = modules.SelectMany(m => m.parameters()).Where(p => p.requires_grad && seen.Add(p.Handle)).ToList();
        Parameters = trainable;
        // The buffers outlive any dispose scope the caller may have open (a system built inside one).
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        groups = trainable
            .GroupBy(p => (p.device_type, p.device_index, p.dtype))
            .Select(g => Group.Create(g.Key.device_type, g.Key.device_index, g.Key.dtype, g.ToList()))
            .ToArray();
        Flat = groups.Select(g => g.Data).ToArray();
    }

    /// <summary>The module parameters the buffer holds, each now a view into it.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>One flat parameter per buffer, whose gradient is the buffer's gradients: what the optimizer updates.</summary>
    public IReadOnlyList<Parameter> Flat { get; }

    /// <summary>The number of contiguous buffers (one per device and element type).</summary>
    public int BufferCount => groups.Length;

    /// <summary>
    /// Sets every gradient to zero and makes each parameter's <c>grad</c> its view again: what an optimizer's
    /// <c>zero_grad</c> does, in one operation per buffer and one assignment per parameter.
    /// </summary>
    public void Zero()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        foreach (var group in groups)
        {
            // fill_ with a kept zero rather than zero_(): TorchSharp's zero_ reads the shape (an array) and returns a new
            // wrapper on every call, and this runs on every step.
            group.Gradients.fill_(ZeroScalar);
            foreach (var (parameter, view) in group.GradientViews) parameter.grad = view;
            group.Data.grad = group.Gradients;
        }
    }

    /// <summary>
    /// Whether every gradient is finite, in one reduction and one read per buffer: the sum of a buffer is finite
    /// only if every element is. (A finite buffer whose sum overflows its element type reads as not finite; a
    /// caller that names the culprit element by element then finds none.)
    /// </summary>
    public bool AllFinite()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        foreach (var group in groups)
        {
            using var sum = group.Gradients.sum();
            if (!double.IsFinite(TensorReads.ToDouble(sum))) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var group in groups)
        {
            foreach (var (_, view) in group.GradientViews) view.Dispose();
            group.Gradients.Dispose();
            group.Data.Dispose();
        }
    }

    private sealed record Group(Parameter Data, Tensor Gradients, (Parameter Parameter, Tensor View)[] GradientViews)
    {
        // Runs under no_grad: set_ on a leaf that requires gradients is otherwise refused.
        public static Group Create(DeviceType type, int index, ScalarType dtype, List<Parameter> parameters)
        {
            long total = parameters.Sum(p => p.numel());
            var device = new Device(type, index);
            var data = torch.empty(new[] { total }, dtype, device);
            var gradients = torch.zeros(new[] { total }, dtype, device).DetachFromDisposeScope();
            var views = new (Parameter, Tensor)[parameters.Count];
            long offset = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
                long count = parameter.numel();
                var shape = parameter.shape;
                var values = data.narrow(0, offset, count).view(shape);
                values.copy_(parameter);
                parameter.set_(values);
                views[i] = (parameter, gradients.narrow(0, offset, count).view(shape).DetachFromDisposeScope());
                offset += count;
            }
            var flat = new Parameter(data, requires_grad: true);
            flat.DetachFromDisposeScope();
            return new Group(flat, gradients, views);
        }
    }
}
