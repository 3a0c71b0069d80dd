namespace DslCrossReg.Generators.Model;

/// <summary>
/// What a parse step produced: a model (or none), the diagnostics found on the way and, when there is no model but the
/// class can still be written, the placeholder to generate in its place; all equatable.
/// </summary>
internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics, ShellModel? Shell = null)
    where T : class;
