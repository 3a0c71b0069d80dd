using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Parses a system (<c>[CrossLoss]</c>, <c>[OutputNorm]</c> or <c>[TrainingSystem]</c>): its member networks (with the
/// shapes read from their own declarations), their training settings and every cross term with its defaults applied,
/// checking at compile time what the published scenario code gets wrong at run time. <see cref="Parse(DeclarationContext, List{DiagnosticInfo}, CancellationToken)"/>
/// is the sequence of steps; each step lives in the file named after it:
/// <list type="bullet">
/// <item><c>SystemParser.Checks.cs</c>: the system-level checks (a partial class, something to train, a shared input);</item>
/// <item><c>SystemParser.Members.cs</c>: the member properties and their <c>[Member]</c> settings;</item>
/// <item><c>SystemParser.Discriminator.cs</c>: the <c>[Discriminator]</c> property and the discriminator the Adversarial terms share;</item>
/// <item><c>SystemParser.CrossTerms.cs</c>: the <c>[CrossLoss]</c> terms, each read by <see cref="TermReader"/>;</item>
/// <item><c>SystemParser.OutputNorm.cs</c>: the <c>[OutputNorm]</c> attribute;</item>
/// <item><c>SystemParser.Names.cs</c>: the names the generated code derives from the members' names, which must not meet;</item>
/// <item><c>SystemParser.OptimizerSettings.cs</c>: the optimizer settings a member or the discriminator declares;</item>
/// <item><c>SystemParser.AttributeArguments.cs</c>: how every step reads an attribute's arguments.</item>
/// </list>
/// </summary>
internal static partial class SystemParser
{
    internal const string MemberAttributeName = "DslCrossReg.MemberAttribute";
    internal const string DiscriminatorAttributeName = "DslCrossReg.DiscriminatorAttribute";
    internal const string OutputNormAttributeName = "DslCrossReg.OutputNormAttribute";
    internal const string SharedInputAttributeName = "DslCrossReg.SharedInputAttribute";

    /// <summary>The system's model, or its placeholder, and its diagnostics.</summary>
    public static Result<SystemModel> Parse(DeclarationContext context, CancellationToken cancellationToken)
        => GuardedParse.Run<SystemModel>(context, Parse, cancellationToken);

    private static (SystemModel? Model, ShellModel? Shell) Parse(DeclarationContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol system || context.TargetNode is not ClassDeclarationSyntax declaration
            || !NamesToWriteBack.AreValidIdentifiers(system) || !PartialDeclarations.IsTheOneToGenerateFrom(context, cancellationToken))
            return (null, null);
        var reading = new SystemReading(system, SourceLocation.From(declaration.Identifier.GetLocation()), diagnostics, cancellationToken);

        // A placeholder can be written wherever a part can be added: a partial class, nested only in partial types.
        bool shellable = CheckDeclaration(reading, declaration);
        if (IsAlsoANetwork(reading))
            return (null, shellable ? SystemShells.For(system, context, diagnostics, cancellationToken) with { PropertiesOnly = true } : null);
        (SystemModel?, ShellModel?) Failed() => (null, shellable ? SystemShells.For(system, context, diagnostics, cancellationToken) : null);

        var members = ReadMembers(reading, context.SemanticModel.Compilation);
        var crossLosses = system.GetAttributes().Where(a => MetadataName.Is(a, SystemGenerator.CrossLossAttributeName)).ToList();
        if (!CheckSomethingToTrain(reading, members, crossLosses.Count)) return Failed();
        var terms = ReadCrossTerms(reading, crossLosses, members);
        var customTerms = CustomTermReader.Read(system, members.Models, members.Broken, terms.Select(t => t.Name).ToList(), diagnostics, cancellationToken, ref reading.Valid);
        var discriminator = SharedDiscriminator(reading, members, terms, context.Attributes);
        bool sharedInput = CheckSharedInput(reading, members);
        var outputNorm = ReadOutputNorm(reading);
        OutputRules.Members(system.Name, members.Models, members.TaskLocations, outputNorm.Method, outputNorm.Location, members.Broken.Count > 0, diagnostics);

        if (!reading.Valid || diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) return Failed();

        var model = new SystemModel(
            NetworkParser.Namespace(system),
            system.Name,
            Accessibility(system.DeclaredAccessibility),
            HintName(system),
            members.Models.ToEquatableArray(),
            discriminator,
            terms.ToEquatableArray(),
            outputNorm.Method,
            outputNorm.Epsilon,
            sharedInput,
            customTerms.ToEquatableArray());
        return CheckDerivedNames(reading, model) ? (model, null) : Failed();
    }

    internal static string HintName(INamedTypeSymbol system)
        => (NetworkParser.Namespace(system) is { } ns ? ns + "." : string.Empty) + system.Name + ".System.g.cs";

    internal static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        _ => "internal",
    };

    /// <summary>One system being read: where its steps report, and whether it can still be generated.</summary>
    private sealed class SystemReading
    {
        public SystemReading(INamedTypeSymbol system, SourceLocation? identifier, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            System = system;
            Identifier = identifier;
            Diagnostics = diagnostics;
            CancellationToken = cancellationToken;
        }

        public INamedTypeSymbol System { get; }

        /// <summary>The class's name where this part declares it: where a diagnostic about the whole system goes.</summary>
        public SourceLocation? Identifier { get; }

        public List<DiagnosticInfo> Diagnostics { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>
        /// False once something makes the system impossible to generate, whether reported here or left to the compiler
        /// or to a member network's own declaration. A field: <see cref="CustomTermReader"/> takes it by reference.
        /// </summary>
        public bool Valid = true;

        public void Report(DiagnosticDescriptor descriptor, SourceLocation? location, params string[] arguments)
            => Diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }
}
