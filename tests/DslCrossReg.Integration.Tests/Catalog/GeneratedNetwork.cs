using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Integration.Tests.Catalog;

/// <summary>
/// A generated network instance seen untyped, so that one test body can run every network: its generated
/// Output record is read back into the interpreter's <see cref="NetworkOutput"/> form for comparison.
/// </summary>
public sealed class GeneratedNetwork : IDisposable
{
    private readonly Func<Tensor, NetworkOutput> forward;

    internal GeneratedNetwork(nn.Module module, Func<Tensor, NetworkOutput> forward)
    {
        Module = module;
        this.forward = forward;
    }

    /// <summary>The generated module itself.</summary>
    public nn.Module Module { get; }

    /// <summary>Calls the generated <c>forward</c> and names each tap by its tap name.</summary>
    public NetworkOutput Forward(Tensor input) => forward(input);

    /// <inheritdoc />
    public void Dispose() => Module.Dispose();
}

/// <summary>The generated constants of a network class, read through their typed names at compile time.</summary>
/// <param name="InputShape">The generated <c>InputShape</c>.</param>
/// <param name="OutputShape">The generated <c>OutputShape</c>.</param>
/// <param name="OutputSize">The generated <c>OutputSize</c>.</param>
/// <param name="ParameterCount">The generated <c>ParameterCount</c>; null for a network with a Module stage, which has none.</param>
/// <param name="TapShapes">Each tap's generated <c>XxxShape</c> by tap name.</param>
/// <param name="TapSizes">Each tap's generated <c>XxxSize</c> by tap name.</param>
public sealed record GeneratedConstants(
    IReadOnlyList<int> InputShape,
    IReadOnlyList<int> OutputShape,
    int OutputSize,
    long? ParameterCount,
    IReadOnlyDictionary<string, IReadOnlyList<int>> TapShapes,
    IReadOnlyDictionary<string, int> TapSizes);
