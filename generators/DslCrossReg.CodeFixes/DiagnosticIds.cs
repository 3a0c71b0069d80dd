namespace DslCrossReg.CodeFixes;

/// <summary>The ids of the generator's diagnostics that have a code fix (see docs/diagnostics/).</summary>
internal static class DiagnosticIds
{
    public const string NetworkNotPartial = "DCR0001";
    public const string MissingArchitecture = "DCR0002";
    public const string ShapeMismatch = "DCR0006";
    public const string SystemNotPartial = "DCR0014";
    public const string UnknownTap = "DCR0018";
}
