using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Modules;

/// <summary>
/// What a <c>Module(() =&gt; new MyBlock(), outputs: 64)</c> stage needs at run time, the same for the interpreter and
/// for generated networks: its module created by the stage's factory when the network is built (in pipeline order,
/// so that generated and interpreted networks draw the same random numbers), and each forward pass's output checked
/// against the declared shape, since the layers after it were checked against that shape at compile time.
/// </summary>
public static class UserModules
{
    /// <summary>
    /// Creates the module of the Module stage named <paramref name="layer"/> (<c>module2</c>,
    /// <c>residual1_module0</c>) of <paramref name="architecture"/>: what a generated network's constructor calls, with
    /// its own <c>Architecture</c>.
    /// </summary>
    /// <param name="architecture">The network's architecture value.</param>
    /// <param name="layer">The stage's layer name.</param>
    /// <param name="network">The network's name, for messages.</param>
    public static nn.Module<Tensor, Tensor> Create(Layer architecture, string layer, string network)
    {
        ArgumentErrors.NotNull(architecture);
        var spec = Named(architecture.Specs.Skip(1).ToList(), parent: null).FirstOrDefault(s => s.Name == layer).Spec;
        if (spec is not { Kind: LayerKind.Module })
            throw new InvalidOperationException($"{network} has no Module stage named '{layer}' in its architecture {architecture}.");
        return Create(spec, network + "'s " + layer);
    }

    /// <summary>Calls the factory of the Module stage <paramref name="spec"/>; <paramref name="where"/> names the stage in messages.</summary>
    public static nn.Module<Tensor, Tensor> Create(LayerSpec spec, string? where = null)
    {
        ArgumentErrors.NotNull(spec);
        string stage = (where is null ? string.Empty : where + " = ") + spec.Display();
        if (spec.Factory is not Func<nn.Module<Tensor, Tensor>> create)
            throw new InvalidOperationException($"{stage} has no factory of a Module<Tensor, Tensor>: declare it with Layers.Module(() => new MyModule(), outputs: ...).");
        return create() ?? throw new InvalidOperationException($"The factory of {stage} returned null; it must return a new module.");
    }

    /// <summary>
    /// Runs <paramref name="module"/> on <paramref name="input"/> and checks that it returned a Float32 batch of the
    /// same size whose samples have the declared shape; otherwise throws <see cref="InvalidOperationException"/> naming
    /// the network, the stage, the module's type and both shapes.
    /// </summary>
    public static Tensor Call(nn.Module<Tensor, Tensor> module, Tensor input, string network, string layer, TensorShape declared)
    {
        ArgumentErrors.NotNull(module);
        ArgumentErrors.NotNull(input);
        ArgumentErrors.NotNull(declared);
        var output = module.call(input);
        if (output is null)
            throw new InvalidOperationException($"{network}'s {layer} (a {module.GetType().Name}) returned null instead of a tensor.");
        long batch = input.size(0);
        if (!InputValidation.Matches(declared, output) || output.size(0) != batch)
        {
            var shape = output.shape;
            throw new InvalidOperationException(
                $"{network}'s {layer} (a {module.GetType().Name}) returned [{string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}] {output.dtype} "
                + $"for a batch of {batch.ToString(CultureInfo.InvariantCulture)}, but its Module stage declares {declared} Float32 per sample.");
        }
        return output;
    }

    /// <summary>Every layer of <paramref name="specs"/> with its <see cref="LayerNames"/> name, Residual insides included.</summary>
    internal static IEnumerable<(string Name, LayerSpec Spec)> Named(IReadOnlyList<LayerSpec> specs, string? parent)
    {
        for (int i = 0; i < specs.Count; i++)
        {
            string name = LayerNames.Of(specs[i], i, parent);
            yield return (name, specs[i]);
            foreach (var inner in Named(specs[i].Inner, name)) yield return inner;
        }
    }
}
