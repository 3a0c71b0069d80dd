namespace DslCrossReg.Generators.Model;

/// <summary>What a parse step produced: a model (or none) and the diagnostics found on the way, both equatable.</summary>
internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class;
