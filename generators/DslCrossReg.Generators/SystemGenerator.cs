using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators;

/// <summary>
/// Turns every <c>[CrossLoss]</c> partial class into a training system. Wiring only: <see cref="SystemParser"/>
/// reads the declaration (and its members' networks), <see cref="SystemEmitter"/> writes the code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SystemGenerator : IIncrementalGenerator
{
    internal const string CrossLossAttributeName = "DslCrossReg.CrossLossAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                CrossLossAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (ctx, ct) => SystemParser.Parse(ctx, ct))
            .WithTrackingName(SystemGeneratorStepNames.ParsedSystems);

        var models = parsed
            .Where(static r => r.Value is not null)
            .Select(static (r, _) => r.Value!)
            .WithTrackingName(SystemGeneratorStepNames.SystemModels);

        var diagnostics = parsed
            .Select(static (r, _) => r.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(SystemGeneratorStepNames.SystemDiagnostics);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(model.HintName, SystemEmitter.Emit(model)));

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}

/// <summary>Names of the system generator's incremental steps.</summary>
internal static class SystemGeneratorStepNames
{
    public const string ParsedSystems = nameof(ParsedSystems);
    public const string SystemModels = nameof(SystemModels);
    public const string SystemDiagnostics = nameof(SystemDiagnostics);
}
