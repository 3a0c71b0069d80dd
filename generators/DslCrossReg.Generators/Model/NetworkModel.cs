using DslCrossReg.Shapes;

namespace DslCrossReg.Generators.Model;

/// <summary>
/// Everything the emitter needs for one <c>[Network]</c> class, as equatable values only (no symbols, syntax or
/// locations), so an edit elsewhere leaves it equal and the generated file is not rebuilt. <see cref="Architecture"/>
/// is the name of the static Layer member, which the constructor reads for its Module stages' factories;
/// <see cref="ParameterCount"/> is null when a Module stage's parameters make the count unknowable at compile time.
/// </summary>
internal sealed record NetworkModel(
    string? Namespace,
    string ClassName,
    string Accessibility,
    string HintName,
    string Architecture,
    TensorShape Input,
    TensorShape Output,
    EquatableArray<LayerModel> Layers,
    EquatableArray<TapModel> Taps,
    long? ParameterCount);

/// <summary>One layer: its field name, its DSL spec, and the shapes it receives and returns.</summary>
internal sealed record LayerModel(string Name, LayerSpec Spec, TensorShape Input, TensorShape Output, EquatableArray<LayerModel> Inner);

/// <summary>A tap: its DSL name, the <c>Output</c> property it becomes, the local holding it, and its shape.</summary>
internal sealed record TapModel(string Name, string PropertyName, string LocalName, TensorShape Shape);
