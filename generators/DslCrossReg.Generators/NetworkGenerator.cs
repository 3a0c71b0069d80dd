using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Model;
using DslCrossReg.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators;

/// <summary>
/// Turns every <c>[Network]</c> partial class into a TorchSharp module, or into a placeholder when its declaration
/// has an error. Wiring only: parsing lives in <see cref="NetworkParser"/>, code in <see cref="NetworkEmitter"/>. The
/// diagnostics are the analyzer's (<see cref="DslCrossRegAnalyzer"/>): editors show an analyzer's diagnostics as the
/// user types, and a generator's not at all.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    internal const string NetworkAttributeName = "DslCrossReg.NetworkAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (ctx, ct) => NetworkParser.Parse(DeclarationContext.From(ctx), ct))
            .WithTrackingName(NetworkGeneratorStepNames.ParsedNetworks);

        var models = parsed
            .Where(static r => r.Value is not null)
            .Select(static (r, _) => r.Value!)
            .WithTrackingName(NetworkGeneratorStepNames.NetworkModels);

        var shells = parsed
            .Where(static r => r.Shell is NetworkShell)
            .Select(static (r, _) => (NetworkShell)r.Shell!)
            .WithTrackingName(NetworkGeneratorStepNames.NetworkShells);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(model.HintName, NetworkEmitter.Emit(model)));

        context.RegisterSourceOutput(shells, static (spc, shell) =>
            spc.AddSource(shell.HintName, NetworkEmitter.EmitShell(shell)));
    }
}
