using System;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>Temporarily stops a module's parameters from collecting gradients.</summary>
public static class Gradients
{
    /// <summary>
    /// Turns off <c>requires_grad</c> on every parameter of <paramref name="module"/> that has it, until the returned
    /// scope is disposed. Gradients still flow <em>through</em> the module to its inputs.
    /// </summary>
    public static IDisposable Disabled(nn.Module module) => new GradientSwitch(module).Off();
}
