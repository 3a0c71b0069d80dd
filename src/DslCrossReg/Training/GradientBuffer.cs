using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// The gradients of a set of modules' trainable parameters, held as views into one contiguous buffer per device and
/// element type. Zeroing every gradient, and checking all of them for NaN or infinities, then costs one tensor
/// operation per buffer instead of several per parameter: on a small network the fixed cost of each TorchSharp call,
/// not arithmetic, is what a training step spends its time on.
/// </summary>
/// <remarks>
/// <para>
/// A backward pass accumulates into a gradient that is already there, in place, so once every parameter's
/// <c>grad</c> is its view the buffer sees every gradient the pass computes. <see cref="Zero"/> attaches the views
/// again each time, so that whatever replaced a gradient in between (a <c>Module.zero_grad()</c>, which sets
/// gradients to none, or a user's assignment) is undone before the next backward pass: the buffer and the gradients
/// the optimizers read are always the same memory.
/// </para>
/// <para>
/// Only parameters that require gradients when the buffer is made are included; parameters that are shared between
/// modules are included once. The optimizers are unaffected: they read <c>parameter.grad</c> as before, and get the
/// same values bit for bit (a zeroed gradient plus a backward pass's gradient is that gradient).
/// </para>
/// </remarks>
public sealed class GradientBuffer : IDisposable
{
    private readonly Group[] groups;
    private bool disposed;

    /// <summary>Makes the buffer for every trainable parameter of <paramref name="modules"/>, in order.</summary>
    public GradientBuffer(params nn.Module[] modules)
        : this(modules?.SelectMany(m => m.parameters()) ?? throw new ArgumentNullException(nameof(modules)))
    {
    }

    /// <summary>Makes the buffer for every parameter of <paramref name="parameters"/> that requires gradients.</summary>
    public GradientBuffer(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var seen = new HashSet<IntPtr>();
        var trainable = parameters.Where(p => p.requires_grad && seen.Add(p.Handle)).ToList();
        Parameters = trainable;
        // The buffers outlive any dispose scope the caller may have open (a system built inside one).
        using var scope = torch.NewDisposeScope();
        groups = trainable
            .GroupBy(p => (p.device_type, p.device_index, p.dtype))
            .Select(g => Group.Create(g.Key.device_type, g.Key.device_index, g.Key.dtype, g.ToList()))
            .ToArray();
    }

    /// <summary>The parameters whose gradients this buffer holds.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

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
            using (group.Flat.zero_()) { }
            foreach (var (parameter, view) in group.Views) parameter.grad = view;
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
            using var sum = group.Flat.sum();
            if (!double.IsFinite(sum.ToDouble())) return false;
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
            foreach (var (_, view) in group.Views) view.Dispose();
            group.Flat.Dispose();
        }
    }

    private sealed record Group(Tensor Flat, (Parameter Parameter, Tensor View)[] Views)
    {
        public static Group Create(DeviceType type, int index, ScalarType dtype, List<Parameter> parameters)
        {
            long total = parameters.Sum(p => p.numel());
            var flat = torch.zeros(new[] { total }, dtype, new Device(type, index)).DetachFromDisposeScope();
            var views = new (Parameter, Tensor)[parameters.Count];
            long offset = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
                long count = parameter.numel();
                views[i] = (parameter, flat.narrow(0, offset, count).view(parameter.shape).DetachFromDisposeScope());
                offset += count;
            }
            return new Group(flat, views);
        }
    }
}
