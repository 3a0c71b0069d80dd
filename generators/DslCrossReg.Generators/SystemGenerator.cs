using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Model;
using DslCrossReg.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators;

/// <summary>
/// Turns every <c>[CrossLoss]</c> partial class, every <c>[OutputNorm]</c> one without a cross term and every
/// <c>[TrainingSystem]</c> one with neither into a training system, or into a placeholder when its declaration has an
/// error. The diagnostics are the analyzer's
/// (<see cref="DslCrossRegAnalyzer"/>). Wiring only: <see cref="SystemParser"/> reads the declaration (and its members' networks),
/// <see cref="SystemEmitter"/> writes the code, <see cref="SystemPlaceholderEmitter"/> the placeholder.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SystemGenerator : IIncrementalGenerator
{
    internal const string CrossLossAttributeName = "DslCrossReg.CrossLossAttribute";
    internal const string OutputNormAttributeName = "DslCrossReg.OutputNormAttribute";
    internal const string TrainingSystemAttributeName = "DslCrossReg.TrainingSystemAttribute";

    /// <summary>
    /// The attribute a system is generated from, so that a class with several is generated once: its
    /// <c>[CrossLoss]</c> attributes, else its <c>[OutputNorm]</c>, else its <c>[TrainingSystem]</c>; null for a class
    /// with none. The analyzer reads the declaration from the same one.
    /// </summary>
    internal static string? GoverningAttribute(ISymbol symbol)
    {
        string? found = null;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (MetadataName.Is(attribute, CrossLossAttributeName)) return CrossLossAttributeName;
            if (MetadataName.Is(attribute, OutputNormAttributeName)) found = OutputNormAttributeName;
            else if (found is null && MetadataName.Is(attribute, TrainingSystemAttributeName)) found = TrainingSystemAttributeName;
        }
        return found;
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
                transform: static (ctx, ct) => GoverningAttribute(ctx.TargetSymbol) == OutputNormAttributeName ? SystemParser.Parse(DeclarationContext.From(ctx), ct) : null)
            .Where(static r => r is not null)
            .Select(static (r, _) => r!)
            .WithTrackingName(SystemGeneratorStepNames.ParsedNormalisedSystems);

        // Members trained on their task losses alone, in one step and one checkpoint: [TrainingSystem] declares the
        // system when no [CrossLoss] or [OutputNorm] does.
        var declaredOnly = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TrainingSystemAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (ctx, ct) => GoverningAttribute(ctx.TargetSymbol) == TrainingSystemAttributeName ? SystemParser.Parse(DeclarationContext.From(ctx), ct) : null)
            .Where(static r => r is not null)
            .Select(static (r, _) => r!)
            .WithTrackingName(SystemGeneratorStepNames.ParsedDeclaredSystems);

        Register(context, parsed);
        Register(context, normalisedOnly);
        Register(context, declaredOnly);
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
            spc.AddSource(shell.HintName, SystemPlaceholderEmitter.Emit(shell)));
    }
}

/// <summary>Names of the system generator's incremental steps.</summary>
internal static class SystemGeneratorStepNames
{
    public const string ParsedSystems = nameof(ParsedSystems);
    public const string ParsedNormalisedSystems = nameof(ParsedNormalisedSystems);
    public const string ParsedDeclaredSystems = nameof(ParsedDeclaredSystems);
    public const string SystemModels = nameof(SystemModels);
    public const string SystemShells = nameof(SystemShells);
}
