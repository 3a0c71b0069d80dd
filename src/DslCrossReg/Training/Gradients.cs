using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>Temporarily stops a module's parameters from collecting gradients.</summary>
public static class Gradients
{
    /// <summary>
    /// Turns off <c>requires_grad</c> on every parameter of <paramref name="module"/> that has it, until the returned
    /// scope is disposed. Gradients still flow <em>through</em> the module to its inputs.
    /// </summary>
    public static IDisposable Disabled(nn.Module module)
    {
        ArgumentErrors.NotNull(module);
        var changed = module.parameters().Where(p => p.requires_grad).ToList();
        foreach (var p in changed) p.requires_grad = false;
        return new Restore(changed);
    }

    private sealed class Restore : IDisposable
    {
        private List<TorchSharp.Modules.Parameter>? parameters;

        public Restore(List<TorchSharp.Modules.Parameter> parameters) => this.parameters = parameters;

        public void Dispose()
        {
            if (parameters is null) return;
            foreach (var p in parameters) p.requires_grad = true;
            parameters = null;
        }
    }
}
