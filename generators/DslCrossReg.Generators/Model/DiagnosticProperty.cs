namespace DslCrossReg.Generators.Model;

/// <summary>One entry of a diagnostic's properties (data for a code fix), as an equatable value.</summary>
internal sealed record DiagnosticProperty(string Key, string Value);
