using System;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// Switches a module's gradients off and back on, for a module whose gradients are switched off on every step (a
/// system's discriminator while the members learn to fool it; <see cref="Gradients.Disabled"/> makes one per call):
/// the module's parameters are listed once, when the switch is made, instead of on every call (listing a module's parameters walks its submodules and builds lists: 2 KB of managed
/// memory per step for the default discriminator, bench/README.md, issue 12), and switching allocates nothing.
/// </summary>
/// <remarks>
/// The parameters are those the module has when the switch is made; a module whose parameters are replaced afterwards
/// (moved to another device or type) needs a new switch, as it needs new optimizers.
/// </remarks>
public sealed class GradientSwitch
{
    private readonly Parameter[] parameters;
    private readonly bool[] switchedOff;
    private bool off;

    /// <summary>A switch over every parameter <paramref name="module"/> has now.</summary>
    public GradientSwitch(nn.Module module)
    {
        ArgumentErrors.NotNull(module);
        parameters = module.parameters().ToArray();
        switchedOff = new bool[parameters.Length];
    }

    /// <summary>
    /// Turns off <c>requires_grad</c> on every parameter that has it, until the returned value is disposed, which turns
    /// it back on for exactly those (a parameter the user froze stays frozen). Gradients still flow <em>through</em> the
    /// module to its inputs. Not reentrant: dispose before switching off again.
    /// </summary>
    public Restore Off()
    {
        if (off) throw new InvalidOperationException("The gradients are already switched off; dispose the last Off() first.");
        for (int i = 0; i < parameters.Length; i++)
        {
            switchedOff[i] = parameters[i].requires_grad;
            if (switchedOff[i]) parameters[i].requires_grad = false;
        }
        off = true;
        return new Restore(this);
    }

    private void On()
    {
        if (!off) return;
        for (int i = 0; i < parameters.Length; i++)
        {
            if (switchedOff[i]) parameters[i].requires_grad = true;
            switchedOff[i] = false;
        }
        off = false;
    }

    /// <summary>Turns back on what <see cref="Off"/> turned off, once.</summary>
    public readonly struct Restore : IDisposable
    {
        private readonly GradientSwitch? owner;

        internal Restore(GradientSwitch owner) => this.owner = owner;

        /// <inheritdoc />
        public void Dispose() => owner?.On();
    }
}
