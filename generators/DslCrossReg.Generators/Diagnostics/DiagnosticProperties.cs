namespace DslCrossReg.Generators.Diagnostics;

/// <summary>
/// Keys of the <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> the generator attaches for the code fixes:
/// a fix must not re-derive what the generator already knows (the inferred shapes), nor parse a message for it.
/// Compiled into both the generator and the code-fix assembly.
/// </summary>
internal static class DiagnosticProperties
{
    /// <summary>DCR0006 on a checked <c>Linear(in, out)</c>: the input width that really arrives there.</summary>
    public const string InferredInFeatures = "InferredInFeatures";
}
