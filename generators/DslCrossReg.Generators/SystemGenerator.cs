using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Model;
using DslCrossReg.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators;

/// <summary>
/// Turns every <c>[CrossLoss]</c> partial class, and every <c>[OutputNorm]</c> one without a cross term, into a
/// training system, or into a placeholder when its declaration has an error. The diagnostics are the analyzer's
/// (<see cref="DslCrossRegAnalyzer"/>). Wiring only: <see cref="SystemParser"/> reads the declaration (and its members' networks),
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
                transform: static (ctx, ct) => SystemParser.Parse(DeclarationContext.From(ctx), ct))
            .WithTrackingName(SystemGeneratorStepNames.ParsedSystems);

        // Scenario 3 couples its networks only through the shared normaliser: a system with [OutputNorm] and no
        // cross term is still a system. One with both is generated once, from its [CrossLoss] attributes.
        var normalisedOnly = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                OutputNormAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (ctx, ct) => HasCrossLoss(ctx.TargetSymbol) ? null : SystemParser.Parse(DeclarationContext.From(ctx), ct))
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

        var shells = parsed
            .Where(static r => r.Shell is SystemShell)
            .Select(static (r, _) => (SystemShell)r.Shell!)
            .WithTrackingName(SystemGeneratorStepNames.SystemShells);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(model.HintName, SystemEmitter.Emit(model)));

        context.RegisterSourceOutput(shells, static (spc, shell) =>
            spc.AddSource(shell.HintName, SystemEmitter.EmitShell(shell)));
    }
}

/// <summary>Names of the system generator's incremental steps.</summary>
internal static class SystemGeneratorStepNames
{
    public const string ParsedSystems = nameof(ParsedSystems);
    public const string ParsedNormalisedSystems = nameof(ParsedNormalisedSystems);
    public const string SystemModels = nameof(SystemModels);
    public const string SystemShells = nameof(SystemShells);
}
