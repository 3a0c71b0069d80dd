using System.Collections.Generic;
using static TorchSharp.torch;

namespace DslCrossReg;

/// <summary>What an interpreted network returns: the final output and every tap by name.</summary>
/// <param name="Result">The final output, batch first.</param>
/// <param name="Taps">Each tapped intermediate output by tap name.</param>
public sealed record NetworkOutput(Tensor Result, IReadOnlyDictionary<string, Tensor> Taps);
