using System.Linq;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Diagnostics;

/// <summary>
/// Every rule the generator and analyzers report, one descriptor each. Ids are stable: add, never renumber.
/// Each help link points at the rule's page in the repository (docs/diagnostics/DCRxxxx.md), under the
/// repository address the package declares: the build writes Directory.Build.props' RepositoryUrl into this assembly,
/// so the links and the package metadata cannot disagree.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DslCrossReg";

    // First of the static fields: every descriptor below is built with it. Null (no links) only in a build
    // without the repository's Directory.Build.props; DiagnosticCatalogTests holds every link to an existing page.
    private static readonly string? HelpLinkBase = typeof(DiagnosticDescriptors).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .OfType<System.Reflection.AssemblyMetadataAttribute>()
        .Where(a => a.Key == "RepositoryUrl" && !string.IsNullOrEmpty(a.Value))
        .Select(a => a.Value!.TrimEnd('/') + "/blob/main/docs/diagnostics/")
        .FirstOrDefault();

    public static readonly DiagnosticDescriptor NetworkNotPartial = Error(
        DiagnosticIds.NetworkNotPartial,
        "Network class must be partial",
        "The [Network] class '{0}' must be declared partial so that the generator can add its module code");

    public static readonly DiagnosticDescriptor MissingArchitecture = Error(
        DiagnosticIds.MissingArchitecture,
        "Network has no architecture",
        "The [Network] class '{0}' has no static member of type DslCrossReg.Layer (by convention 'static Layer Architecture => Input(...) >> ...')");

    public static readonly DiagnosticDescriptor AmbiguousArchitecture = Error(
        DiagnosticIds.AmbiguousArchitecture,
        "Network has more than one architecture",
        "The [Network] class '{0}' has more than one static Layer member ({1}); keep exactly one");

    public static readonly DiagnosticDescriptor NonConstantArgument = Error(
        DiagnosticIds.NonConstantArgument,
        "Layer argument is not a compile-time constant",
        "The argument '{0}' of {1} must be a compile-time constant so the network's shapes can be checked at compile time");

    public static readonly DiagnosticDescriptor UnknownDslCall = Error(
        DiagnosticIds.UnknownDslCall,
        "Not a Layers DSL expression",
        "'{0}' is not part of the Layers DSL; an architecture is built only from DslCrossReg.Layers members, '>>' and '.Tap(name)'");

    public static readonly DiagnosticDescriptor ShapeMismatch = Error(
        DiagnosticIds.ShapeMismatch,
        "Layer shape mismatch",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidLayerParameter = Error(
        DiagnosticIds.InvalidLayerParameter,
        "Invalid layer parameter",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor DuplicateTap = Error(
        DiagnosticIds.DuplicateTap,
        "Duplicate tap name",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor ResidualChangesShape = Error(
        DiagnosticIds.ResidualChangesShape,
        "Residual block changes the shape",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor NetworkHasBaseClass = Error(
        DiagnosticIds.NetworkHasBaseClass,
        "Network class already has a base class",
        "The [Network] class '{0}' derives from '{1}'; the generator makes it a TorchSharp module, so it must not declare a base class");

    public static readonly DiagnosticDescriptor UnsupportedNetworkDeclaration = Error(
        DiagnosticIds.UnsupportedNetworkDeclaration,
        "Network class cannot be nested or generic",
        "The [Network] class '{0}' is {1}; declare networks as non-generic top-level classes");

    public static readonly DiagnosticDescriptor InvalidPipeline = Error(
        DiagnosticIds.InvalidPipeline,
        "Invalid pipeline",
        "Network '{0}': {1}");

    public static readonly DiagnosticDescriptor InternalError = Error(
        DiagnosticIds.InternalError,
        "The DslCrossReg generator failed",
        "The DslCrossReg generator could not process '{0}': {1}. Please report this with the declaration.");

    public static readonly DiagnosticDescriptor SystemNotPartial = Error(
        DiagnosticIds.SystemNotPartial,
        "System class must be partial",
        "The system '{0}' must be declared partial (and must be a non-generic top-level class) so that the generator can add its training code");

    public static readonly DiagnosticDescriptor TooFewMembers = Error(
        DiagnosticIds.TooFewMembers,
        "System needs at least two members",
        "The [CrossLoss] system '{0}' has {1} member network(s); declare at least two partial properties of [Network] types");

    public static readonly DiagnosticDescriptor InvalidMember = Error(
        DiagnosticIds.InvalidMember,
        "Invalid member property",
        "Member '{0}' of system '{1}' {2}");

    public static readonly DiagnosticDescriptor UnknownMember = Error(
        DiagnosticIds.UnknownMember,
        "Unknown member name",
        "{0} names '{1}', which is not a member of system '{2}' (members: {3})");

    public static readonly DiagnosticDescriptor UnknownTap = Error(
        DiagnosticIds.UnknownTap,
        "Unknown tap",
        "{0}: member '{1}' ({2}) has no tap '{3}' (its taps: {4})");

    public static readonly DiagnosticDescriptor IncompatibleWidths = Error(
        DiagnosticIds.IncompatibleWidths,
        "Compared tensors have different widths",
        "{0}: {1}");

    public static readonly DiagnosticDescriptor TopologyMismatch = Error(
        DiagnosticIds.TopologyMismatch,
        "ParameterDistance between different topologies",
        "{0}: '{1}' and '{2}' must have the same layers on the same shapes to compare parameters ({3} vs {4})");

    public static readonly DiagnosticDescriptor TeacherIsStudent = Error(
        DiagnosticIds.TeacherIsStudent,
        "Teacher and student are the same member",
        "{0}: the teacher and the student are both '{1}'; distillation needs two different members");

    public static readonly DiagnosticDescriptor InvalidWeight = Error(
        DiagnosticIds.InvalidWeight,
        "Invalid cross-term weight",
        "{0}: the weight must be finite and not negative, got {1}");

    public static readonly DiagnosticDescriptor LargeWeight = new(
        DiagnosticIds.LargeWeight,
        "Cross-term weight may over-regularise",
        "{0}: weight {1} is large; a cross term much larger than the task losses makes the networks ignore their objectives (0.1 is a usual starting weight)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(DiagnosticIds.LargeWeight));

    public static readonly DiagnosticDescriptor InvalidTermParameter = Error(
        DiagnosticIds.InvalidTermParameter,
        "Invalid cross-term parameter",
        "{0}: {1} must be {2}, got {3}");

    public static readonly DiagnosticDescriptor NegativeMargin = Error(
        DiagnosticIds.NegativeMargin,
        "Negative margin",
        "{0}: the margin must not be negative, got {1}");

    public static readonly DiagnosticDescriptor FrozenWithTask = new(
        DiagnosticIds.FrozenWithTask,
        "Frozen member with a task loss",
        "Member '{0}' is frozen, so its task loss {1} is never trained; remove the task or unfreeze the member",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(DiagnosticIds.FrozenWithTask));

    public static readonly DiagnosticDescriptor FormNotForMethod = Error(
        DiagnosticIds.FormNotForMethod,
        "Form does not belong to the method",
        "{0}: Form = {1} is not a form of {2} (its forms: {3})");

    public static readonly DiagnosticDescriptor MissingTermArgument = Error(
        DiagnosticIds.MissingTermArgument,
        "Cross term is missing an argument",
        "{0}: {1}");

    public static readonly DiagnosticDescriptor DuplicateTerm = Error(
        DiagnosticIds.DuplicateTerm,
        "Duplicate cross term",
        "The term '{0}' is declared twice in system '{1}', both with {2} and {3}; two terms of one method between the same members must differ in Form or Tap, so merge them into one with the combined weight or change one's Form or Tap");

    public static readonly DiagnosticDescriptor MemberListedTwice = Error(
        DiagnosticIds.MemberListedTwice,
        "Member listed twice in Between",
        "{0}: Between lists '{1}' twice; a term compares two different members");

    public static readonly DiagnosticDescriptor UnusedDiscriminator = Error(
        DiagnosticIds.UnusedDiscriminator,
        "Discriminator without an Adversarial term",
        "'{0}' is marked [Discriminator] but system '{1}' has no Adversarial term, so it would never be trained nor used");

    public static readonly DiagnosticDescriptor NetworkIsSystem = Error(
        DiagnosticIds.NetworkIsSystem,
        "Class is both a network and a system",
        "The class '{0}' is both a [Network] and a system ([TrainingSystem], [CrossLoss] or [OutputNorm]); a system's members are networks, so declare the system as a class of its own");

    public static readonly DiagnosticDescriptor NoMembers = Error(
        DiagnosticIds.NoMembers,
        "System has no member",
        "The system '{0}' has no member network; declare a partial property of a [Network] type, e.g. '[Member(Task = TaskLoss.CrossEntropy)] public partial MyNetwork A {{ get; }}'");

    public static readonly DiagnosticDescriptor NothingToTrain = Error(
        DiagnosticIds.NothingToTrain,
        "System has nothing to train",
        "The system '{0}' has nothing to train: it declares no cross term and {1}; give a member a task loss ([Member(Task = TaskLoss.CrossEntropy)]) or declare a [CrossLoss] term");

    public static readonly DiagnosticDescriptor InvalidCrossTermMethod = Error(
        DiagnosticIds.InvalidCrossTermMethod,
        "Invalid [CrossTerm] method",
        "The method '{0}' cannot be a [CrossTerm]: {1}");

    public static readonly DiagnosticDescriptor CrossTermParameterNotMember = Error(
        DiagnosticIds.CrossTermParameterNotMember,
        "[CrossTerm] parameter does not read a member",
        "[CrossTerm] {0}: parameter '{1}' {2}");

    public static readonly DiagnosticDescriptor InvalidCrossTermSetting = Error(
        DiagnosticIds.InvalidCrossTermSetting,
        "Invalid [CrossTerm] setting",
        "[CrossTerm] {0}: {1} must be {2}, got {3}");

    public static readonly DiagnosticDescriptor InvalidCrossTermDetach = Error(
        DiagnosticIds.InvalidCrossTermDetach,
        "[CrossTerm] Detach does not name an input of the term",
        "[CrossTerm] {0}: Detach = \"{1}\" {2}");

    public static readonly DiagnosticDescriptor CrossTermOutsideSystem = Error(
        DiagnosticIds.CrossTermOutsideSystem,
        "[CrossTerm] outside a system",
        "The method '{0}' is marked [CrossTerm] but '{1}' is not a system ([CrossLoss] or [OutputNorm] class); declare it in the system whose members it reads");

    public static readonly DiagnosticDescriptor CrossEntropyNeedsClassLogits = Error(
        DiagnosticIds.CrossEntropyNeedsClassLogits,
        "Cross-entropy task on an output that is not [batch, classes]",
        "{0}: {1} needs class logits [*, classes] but the network returns [*, {2}]; {3}");

    public static readonly DiagnosticDescriptor ConstantOverOneValue = Warning(
        DiagnosticIds.ConstantOverOneValue,
        "Loss over a single value per sample is constant",
        "{0}: {1}");

    public static readonly DiagnosticDescriptor LogitLossOnBoundedOutput = Warning(
        DiagnosticIds.LogitLossOnBoundedOutput,
        "Logit loss on a network that ends in Sigmoid or Tanh",
        "{0}: {1} takes logits and applies the {2} itself, but '{3}' ends in {4}, which bounds its outputs [*, {5}] to {6}, so the predicted probabilities never approach 0 or 1 and the loss never approaches 0; remove the final {4} (apply it when you read predictions)");

    public static readonly DiagnosticDescriptor NotOneVectorPerSample = Error(
        DiagnosticIds.NotOneVectorPerSample,
        "Compared outputs are not one vector per sample",
        "{0}: {1} reads one vector per sample, [*, features], but {2} [*, {3}]; {4}");

    public static readonly DiagnosticDescriptor SharedStandardizeNeedsTwoMembers = Error(
        DiagnosticIds.SharedStandardizeNeedsTwoMembers,
        "SharedStandardize with a single member",
        "The system '{0}' standardises with statistics shared between its members ([OutputNorm(NormMethod.SharedStandardize)]) but has one member, '{1}'; declare a second member, or use NormMethod.Standardize to standardise each output on its own");

    public static readonly DiagnosticDescriptor UserModuleType = Error(
        DiagnosticIds.UserModuleType,
        "Module stage is not a Module<Tensor, Tensor>",
        "Module(...) needs a factory of a TorchSharp Module<Tensor, Tensor>, but '{0}' is {1}: a pipeline stage takes one tensor and returns one; wrap it in a Module<Tensor, Tensor> whose forward calls it");

    public static readonly DiagnosticDescriptor SharedUserModule = Warning(
        DiagnosticIds.SharedUserModule,
        "Module factory returns an existing module",
        "The Module factory returns '{0}', a module that already exists: every network built from this architecture (each system member, each interpreted network) would share it and its parameters; create the module in the factory, as in '() => new MyBlock()'");

    public static readonly DiagnosticDescriptor OnnxUnsupportedLayer = Error(
        DiagnosticIds.OnnxUnsupportedLayer,
        "Network cannot be exported to ONNX",
        "{0} OnnxExport.{1} would throw NotSupportedException here.");

    public static readonly DiagnosticDescriptor InvalidLayerName = Error(
        DiagnosticIds.InvalidLayerName,
        "Invalid layer name",
        "Network '{0}': {1}");

    /// <summary>Every descriptor, in id order: what the analyzer supports.</summary>
    public static System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All { get; } = System.Collections.Immutable.ImmutableArray.Create(
        NetworkNotPartial, MissingArchitecture, AmbiguousArchitecture, NonConstantArgument, UnknownDslCall, ShapeMismatch, InvalidLayerParameter, DuplicateTap, ResidualChangesShape, NetworkHasBaseClass, UnsupportedNetworkDeclaration, InvalidPipeline, InternalError, SystemNotPartial, TooFewMembers, InvalidMember, UnknownMember, UnknownTap, IncompatibleWidths, TopologyMismatch, TeacherIsStudent, InvalidWeight, LargeWeight, InvalidTermParameter, NegativeMargin, FrozenWithTask, FormNotForMethod, MissingTermArgument, DuplicateTerm, MemberListedTwice, UnusedDiscriminator, NetworkIsSystem, NoMembers, NothingToTrain,
        InvalidCrossTermMethod, CrossTermParameterNotMember, InvalidCrossTermSetting, InvalidCrossTermDetach, CrossTermOutsideSystem,
        CrossEntropyNeedsClassLogits, ConstantOverOneValue, LogitLossOnBoundedOutput, NotOneVectorPerSample, SharedStandardizeNeedsTwoMembers,
        UserModuleType, SharedUserModule, OnnxUnsupportedLayer, InvalidLayerName);

    private static DiagnosticDescriptor Error(string id, string title, string message) => Rule(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) => Rule(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Rule(string id, string title, string message, DiagnosticSeverity severity) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(id));

    /// <summary>The rule's page, docs/diagnostics/<paramref name="id"/>.md in the declared repository.</summary>
    private static string? HelpLink(string id) => HelpLinkBase is null ? null : HelpLinkBase + id + ".md";
}
