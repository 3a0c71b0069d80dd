using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Diagnostics;

/// <summary>
/// Every rule the generator and analyzers report, one descriptor each. Ids are stable: add, never renumber.
/// Each help link points at the rule's page in the repository (docs/diagnostics/DCRxxxx.md).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DslCrossReg";
    private const string HelpLinkBase = "https://github.com/dslcrossreg/DslCrossReg/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor NetworkNotPartial = Error(
        "DCR0001",
        "Network class must be partial",
        "The [Network] class '{0}' must be declared partial so that the generator can add its module code");

    public static readonly DiagnosticDescriptor MissingArchitecture = Error(
        "DCR0002",
        "Network has no architecture",
        "The [Network] class '{0}' has no static member of type DslCrossReg.Layer (by convention 'static Layer Architecture => Input(...) >> ...')");

    public static readonly DiagnosticDescriptor AmbiguousArchitecture = Error(
        "DCR0003",
        "Network has more than one architecture",
        "The [Network] class '{0}' has more than one static Layer member ({1}); keep exactly one");

    public static readonly DiagnosticDescriptor NonConstantArgument = Error(
        "DCR0004",
        "Layer argument is not a compile-time constant",
        "The argument '{0}' of {1} must be a compile-time constant so the network's shapes can be checked at compile time");

    public static readonly DiagnosticDescriptor UnknownDslCall = Error(
        "DCR0005",
        "Not a Layers DSL expression",
        "'{0}' is not part of the Layers DSL; an architecture is built only from DslCrossReg.Layers members, '>>' and '.Tap(name)'");

    public static readonly DiagnosticDescriptor ShapeMismatch = Error(
        "DCR0006",
        "Layer shape mismatch",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidLayerParameter = Error(
        "DCR0007",
        "Invalid layer parameter",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor DuplicateTap = Error(
        "DCR0008",
        "Duplicate tap name",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor ResidualChangesShape = Error(
        "DCR0009",
        "Residual block changes the shape",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor NetworkHasBaseClass = Error(
        "DCR0010",
        "Network class already has a base class",
        "The [Network] class '{0}' derives from '{1}'; the generator makes it a TorchSharp module, so it must not declare a base class");

    public static readonly DiagnosticDescriptor UnsupportedNetworkDeclaration = Error(
        "DCR0011",
        "Network class cannot be nested or generic",
        "The [Network] class '{0}' is {1}; declare networks as non-generic top-level classes");

    public static readonly DiagnosticDescriptor InvalidPipeline = Error(
        "DCR0012",
        "Invalid pipeline",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "DCR0013",
        "The DslCrossReg generator failed",
        "The DslCrossReg generator could not process '{0}': {1}. Please report this with the declaration.");

    private static DiagnosticDescriptor Error(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + id + ".md");
}
