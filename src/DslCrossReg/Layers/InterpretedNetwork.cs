using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Modules;
using DslCrossReg.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg;

/// <summary>
/// A <see cref="Layer"/> value run as a TorchSharp module without the generator. Submodules are created in pipeline
/// order through <see cref="LayerModules"/> and registered under <see cref="LayerNames"/>, the same names, order and
/// constructors the generator emits: for the same seed, generated and interpreted networks agree bit for bit.
/// </summary>
public sealed class InterpretedNetwork : nn.Module<Tensor, NetworkOutput>, IDeclaredNetwork
{
    private readonly Step[] steps;

    /// <summary>Builds the network; throws <see cref="LayerShapeException"/> if the pipeline is invalid.</summary>
    /// <param name="name">The network's name (module name and error messages).</param>
    /// <param name="architecture">A pipeline starting with Input.</param>
    public InterpretedNetwork(string name, Layer architecture) : base(name)
    {
        ArgumentErrors.NotNull(architecture);
        NetworkName = name;
        Architecture = architecture;
        var shapes = architecture.Shapes;
        InputShape = shapes.Input;
        OutputShape = shapes.Output;
        steps = CreateSteps(architecture.Specs.Skip(1).ToList(), shapes.Input, parent: null);
    }

    /// <summary>The network's name, as error messages give it.</summary>
    public string NetworkName { get; }

    /// <summary>The value this network was built from.</summary>
    public Layer Architecture { get; }

    /// <summary>The per-sample input shape.</summary>
    public TensorShape InputShape { get; }

    /// <summary>The per-sample output shape.</summary>
    public TensorShape OutputShape { get; }

    /// <summary>Runs the pipeline on a batch; the input is validated first and nothing runs if it is wrong.</summary>
    public override NetworkOutput forward(Tensor input)
    {
        InputValidation.Check(NetworkName, InputShape, input);
        var taps = new Dictionary<string, Tensor>();
        var result = Run(steps, input, taps);
        return new NetworkOutput(result, taps);
    }

    private Tensor Run(Step[] steps, Tensor x, Dictionary<string, Tensor>? taps)
    {
        foreach (var step in steps)
        {
            x = step.Spec.Kind switch
            {
                LayerKind.Residual => x + Run(step.Inner, x, taps: null),
                LayerKind.LSTM => RecurrentState.LastHidden((TorchSharp.Modules.LSTM)step.Module!, x),
                LayerKind.GRU => RecurrentState.LastHidden((TorchSharp.Modules.GRU)step.Module!, x),
                LayerKind.MultiheadAttention => SelfAttention.Run((TorchSharp.Modules.MultiheadAttention)step.Module!, x),
                LayerKind.TransformerEncoderLayer => SelfAttention.Run((TorchSharp.Modules.TransformerEncoderLayer)step.Module!, x),
                LayerKind.Conv1d => Convolutions.Run((TorchSharp.Modules.Conv1d)step.Module!, x),
                LayerKind.Conv2d => Convolutions.Run((TorchSharp.Modules.Conv2d)step.Module!, x),
                LayerKind.Module => UserModules.Call((nn.Module<Tensor, Tensor>)step.Module!, x, NetworkName, step.Name, step.Output),
                _ => ((nn.Module<Tensor, Tensor>)step.Module!).call(x),
            };
            if (step.Spec.Tap is { } tap && taps is not null) taps[tap] = x;
        }
        return x;
    }

    private Step[] CreateSteps(IReadOnlyList<LayerSpec> specs, TensorShape input, string? parent)
    {
        var created = new Step[specs.Count];
        var shape = input;
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            string name = LayerNames.Of(spec, i, parent);
            // The whole pipeline was checked in the constructor, so every step succeeds here.
            ShapeRules.TryApply(spec, shape, out var next);
            if (spec.Kind == LayerKind.Residual)
            {
                created[i] = new Step(spec, name, next!, null, CreateSteps(spec.Inner, shape, name));
            }
            else
            {
                var module = spec.Kind == LayerKind.Module ? UserModules.Create(spec, NetworkName + "'s " + name) : LayerModules.Create(spec, shape);
                register_module(name, module);
                created[i] = new Step(spec, name, next!, module, Array.Empty<Step>());
            }
            shape = next!;
        }
        return created;
    }

    private sealed record Step(LayerSpec Spec, string Name, TensorShape Output, nn.Module? Module, Step[] Inner);
}
