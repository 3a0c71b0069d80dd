using DslCrossReg.Shapes;

namespace DslCrossReg.Generators.Model;

/// <summary>
/// The placeholder generated for a declaration that has an error: the generated type with its public surface as far
/// as the declaration determines it, every member that would run throwing. It keeps the user's other code compiling,
/// so that the only errors shown are the DCR ones at their cause (the analyzer reports them). A placeholder's class
/// header names no accessibility: the user's part says it, and parts must agree.
/// </summary>
internal abstract record ShellModel(string? Namespace, string ClassName, string HintName, string Reason);

/// <summary>
/// A network's placeholder. <see cref="IsModule"/> is false when the user's declaration has a base class of its own
/// (the module's base class cannot be added). A null shape is one the declaration does not determine. A network
/// nested in partial types or generic (DCR0011) has one too: <see cref="ContainingTypes"/> are the headers of the types
/// around it, <see cref="TypeParameters"/> its type parameter list, <see cref="FullName"/> the name code refers to it by.
/// </summary>
internal sealed record NetworkShell(
    string? Namespace,
    string ClassName,
    string HintName,
    string Reason,
    bool IsModule,
    TensorShape? Input,
    TensorShape? Output,
    long? ParameterCount,
    EquatableArray<ShellTap> Taps,
    EquatableArray<string> ContainingTypes,
    string TypeParameters,
    string FullName)
    : ShellModel(Namespace, ClassName, HintName, Reason);

/// <summary>A tap of a network placeholder: its Output property, and its shape when known.</summary>
internal sealed record ShellTap(string Name, string PropertyName, TensorShape? Shape);

/// <summary>
/// A system's placeholder: the Batch and Outputs records of the members that can be determined, and an implementation
/// of every partial property the user declared, so the compiler does not ask for one (CS9248). A system nested in
/// partial types, or generic, has a placeholder too (it cannot have a system): <see cref="ContainingTypes"/> are the
/// headers of the types around it, outermost first, and <see cref="TypeParameters"/> its type parameter list. A class
/// that is also a <c>[Network]</c> gets only the property implementations (<see cref="PropertiesOnly"/>): the rest of
/// the class is its module's; so does a system whose members' derived names meet (DCR0016), whose records and methods
/// would meet the same way.
/// </summary>
internal sealed record SystemShell(
    string? Namespace,
    string ClassName,
    string HintName,
    string Reason,
    EquatableArray<ShellMember> Members,
    EquatableArray<ShellProperty> PartialProperties,
    bool SharedInput,
    bool PairLabel,
    EquatableArray<string> ContainingTypes,
    string TypeParameters,
    bool PropertiesOnly = false,
    bool OutputNorm = false)
    : ShellModel(Namespace, ClassName, HintName, Reason);

/// <summary>A member as the Batch and Outputs records show it; <see cref="OutputType"/> null when its network has no Output record.</summary>
internal sealed record ShellMember(string Name, bool HasTarget, string? OutputType);

/// <summary>A partial property declaration to implement: its modifiers, type, name and accessors as the user wrote them.</summary>
internal sealed record ShellProperty(string Modifiers, string TypeName, string Name, EquatableArray<string> Accessors);
