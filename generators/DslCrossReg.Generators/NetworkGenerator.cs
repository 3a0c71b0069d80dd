using System.Linq;
using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Model;
using DslCrossReg.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators;

/// <summary>
/// Turns every <c>[Network]</c> partial class into a TorchSharp module. Wiring only: parsing lives in
/// <see cref="NetworkParser"/>, code in <see cref="NetworkEmitter"/>. Source is emitted from the equatable model
/// and diagnostics from a separate node, so editing whitespace re-reports locations without re-emitting code.
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
                transform: static (ctx, ct) => NetworkParser.Parse(ctx, ct))
            .WithTrackingName(NetworkGeneratorStepNames.ParsedNetworks);

        var models = parsed
            .Where(static r => r.Value is not null)
            .Select(static (r, _) => r.Value!)
            .WithTrackingName(NetworkGeneratorStepNames.NetworkModels);

        var diagnostics = parsed
            .Select(static (r, _) => r.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(NetworkGeneratorStepNames.NetworkDiagnostics);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(model.HintName, NetworkEmitter.Emit(model)));

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}
