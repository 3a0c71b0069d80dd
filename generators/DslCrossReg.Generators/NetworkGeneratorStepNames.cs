namespace DslCrossReg.Generators;

/// <summary>Names of the generator's incremental steps; the incrementality tests assert each step's run reason by name.</summary>
internal static class NetworkGeneratorStepNames
{
    public const string ParsedNetworks = nameof(ParsedNetworks);
    public const string NetworkModels = nameof(NetworkModels);
    public const string NetworkShells = nameof(NetworkShells);
}
