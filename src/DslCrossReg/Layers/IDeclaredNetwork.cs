namespace DslCrossReg;

/// <summary>
/// A TorchSharp module built from a declared <see cref="Layer"/> value: every generated <c>[Network]</c> class and
/// <see cref="InterpretedNetwork"/>. What reads a network's layers from the module alone (such as
/// <see cref="Interop.PyTorchWeights.SequentialNames"/>) reads them here.
/// </summary>
public interface IDeclaredNetwork
{
    /// <summary>The pipeline the network was built from, its layers' names and order included.</summary>
    Layer Architecture { get; }
}
