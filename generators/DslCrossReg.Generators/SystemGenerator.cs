using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators;

/// <summary>
/// Turns every <c>[CrossLoss]</c> partial class, and every <c>[OutputNorm]</c> one without a cross term, into a
/// training system. Wiring only: <see cref="SystemParser"/> reads the declaration (and its members' networks),
/// <see cref="SystemEmitter"/> writes the code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SystemGenerator : IIncrementalGenerator
{
    internal const string CrossLossAttributeName = "DslCrossReg.CrossLossAttribute";
    internal const string OutputNormAttributeName = "DslCrossReg.OutputNormAttribute";

    private static bool HasCrossLoss(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
            if (MetadataName.Is(attribute, CrossLossAttributeName)) return true;
        return false;
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                CrossLossAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (ctx, ct) => SystemParser.Parse(ctx, ct))
            .WithTrackingName(SystemGeneratorStepNames.ParsedSystems);

        // Scenario 3 couples its networks only through the shared normaliser: a system with [OutputNorm] and no
        // cross term is still a system. One with both is generated once, from its [CrossLoss] attributes.
        var normalisedOnly = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                OutputNormAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (ctx, ct) => HasCrossLoss(ctx.TargetSymbol) ? null : SystemParser.Parse(ctx, ct))
            .Where(static r => r is not null)
            .Select(static (r, _) => r!)
            .WithTrackingName(SystemGeneratorStepNames.ParsedNormalisedSystems);

        Register(context, parsed);
        Register(context, normalisedOnly);
    }

    private static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<Model.Result<Model.SystemModel>> parsed)
    {
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
    public const string ParsedNormalisedSystems = nameof(ParsedNormalisedSystems);
    public const string SystemModels = nameof(SystemModels);
    public const string SystemDiagnostics = nameof(SystemDiagnostics);
}
