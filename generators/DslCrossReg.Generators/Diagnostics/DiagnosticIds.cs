namespace DslCrossReg.Generators.Diagnostics;

/// <summary>
/// The id of every DCR rule, by the name of its descriptor in <see cref="DiagnosticDescriptors"/>: the one place an id
/// is written. Compiled into both the generator and the code-fix assembly (a linked source file: the two are separate
/// analyzer assemblies), so a code fix names the rule it fixes by the same constant the analyzer reports it with.
/// Ids are stable: add, never renumber.
/// </summary>
internal static class DiagnosticIds
{
    public const string NetworkNotPartial = "DCR0001";
    public const string MissingArchitecture = "DCR0002";
    public const string AmbiguousArchitecture = "DCR0003";
    public const string NonConstantArgument = "DCR0004";
    public const string UnknownDslCall = "DCR0005";
    public const string ShapeMismatch = "DCR0006";
    public const string InvalidLayerParameter = "DCR0007";
    public const string DuplicateTap = "DCR0008";
    public const string ResidualChangesShape = "DCR0009";
    public const string NetworkHasBaseClass = "DCR0010";
    public const string UnsupportedNetworkDeclaration = "DCR0011";
    public const string InvalidPipeline = "DCR0012";
    public const string InternalError = "DCR0013";
    public const string SystemNotPartial = "DCR0014";
    public const string TooFewMembers = "DCR0015";
    public const string InvalidMember = "DCR0016";
    public const string UnknownMember = "DCR0017";
    public const string UnknownTap = "DCR0018";
    public const string IncompatibleWidths = "DCR0019";
    public const string TopologyMismatch = "DCR0020";
    public const string TeacherIsStudent = "DCR0021";
    public const string InvalidWeight = "DCR0022";
    public const string LargeWeight = "DCR0023";
    public const string InvalidTermParameter = "DCR0024";
    public const string NegativeMargin = "DCR0025";
    public const string FrozenWithTask = "DCR0026";
    public const string FormNotForMethod = "DCR0027";
    public const string MissingTermArgument = "DCR0028";
    public const string DuplicateTerm = "DCR0029";
    public const string MemberListedTwice = "DCR0030";
    public const string UnusedDiscriminator = "DCR0031";
    public const string NetworkIsSystem = "DCR0032";
    public const string NoMembers = "DCR0033";
    public const string NothingToTrain = "DCR0034";
    public const string InvalidCrossTermMethod = "DCR0035";
    public const string CrossTermParameterNotMember = "DCR0036";
    public const string InvalidCrossTermSetting = "DCR0037";
    public const string InvalidCrossTermDetach = "DCR0038";
    public const string CrossTermOutsideSystem = "DCR0039";
    public const string CrossEntropyNeedsClassLogits = "DCR0040";
    public const string ConstantOverOneValue = "DCR0041";
    public const string LogitLossOnBoundedOutput = "DCR0042";
    public const string NotOneVectorPerSample = "DCR0043";
    public const string SharedStandardizeNeedsTwoMembers = "DCR0044";
    public const string UserModuleType = "DCR0045";
    public const string SharedUserModule = "DCR0046";
    public const string OnnxUnsupportedLayer = "DCR0047";
    public const string InvalidLayerName = "DCR0048";
}
