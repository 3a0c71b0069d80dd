using System.Collections.Generic;
using System.Linq;

namespace DslCrossReg.Generators.Model;

/// <summary>Everything the emitter needs for one <c>[CrossLoss]</c> system, as equatable values only.</summary>
internal sealed record SystemModel(
    string? Namespace,
    string ClassName,
    string Accessibility,
    string HintName,
    EquatableArray<MemberModel> Members,
    DiscriminatorModel? Discriminator,
    EquatableArray<TermModel> Terms,
    NormMethod? OutputNorm,
    double NormEpsilon,
    bool SharedInput,
    EquatableArray<CustomTermModel> CustomTerms = default)
{
    /// <summary>The member called <paramref name="name"/> (a term names only members of its system).</summary>
    public MemberModel Member(string name) => Members.First(m => m.Name == name);

    /// <summary>The members an optimizer trains, in declaration order: all but the frozen.</summary>
    public IEnumerable<MemberModel> TrainedMembers => Members.Where(m => !m.Frozen);

    /// <summary>Whether the Batch has a PairLabel: a labelled Contrastive term (every form but InfoNce) reads one.</summary>
    public bool NeedsPairLabel => Terms.Any(t => t.Method == CrossMethod.Contrastive && t.Form != CrossForm.InfoNce);

    /// <summary>Whether some member lives on a device of its own (<c>[Member(Device = ...)]</c>).</summary>
    public bool MultiDevice => Members.Any(m => m.Device is not null);

    /// <summary>The members a term's gradient reaches (teachers and references never; frozen members never).</summary>
    public IEnumerable<string> TrainedBy(TermModel t)
    {
        var reached = t.Method is CrossMethod.Distillation or CrossMethod.ParameterDistance or CrossMethod.OutputDisagreement
            ? new[] { t.Second }
            : new[] { t.First, t.Second };
        return reached.Where(n => !Member(n).Frozen);
    }

    /// <summary>The members a custom term's gradient reaches: those it reads, but for the detached and the frozen.</summary>
    public IEnumerable<string> TrainedBy(CustomTermModel c)
        => c.Arguments.Where(a => !a.Detached && !Member(a.Member).Frozen).Select(a => a.Member);
}

/// <summary>
/// A member network: its property, its generated network type, its training settings and the shapes and taps the
/// terms read.
/// </summary>
internal sealed record MemberModel(
    string Name,
    string PropertyAccessibility,
    string TypeName,
    TaskLoss Task,
    OptimizerKind Optimizer,
    double LearningRate,
    double WeightDecay,
    double Momentum,
    double GradientClipNorm,
    bool Frozen,
    NetworkShapes Shapes,
    string? Device = null);

/// <summary>
/// The shapes of a member's network, read from its own <c>[Network]</c> declaration; <see cref="Stages"/> holds its
/// top-level layers (the input first), which the task and term rules read to name the layer to fix;
/// <paramref name="Vocabulary"/> bounds the token ids of a token input (its <c>Embedding</c>'s size), when known.
/// </summary>
internal sealed record NetworkShapes(
    bool TokenInput,
    EquatableArray<int> Input,
    EquatableArray<int> Output,
    EquatableArray<TapShape> Taps,
    string Topology,
    EquatableArray<StageShape> Stages = default,
    int? Vocabulary = null);

/// <summary>A top-level layer of a member's network (or its input): its kind, how it is written, and its per-sample output dims.</summary>
internal sealed record StageShape(DslCrossReg.Shapes.LayerKind Kind, string Display, EquatableArray<int> Output);

/// <summary>A tap of a member's network: DSL name, generated Output property, and per-sample dims.</summary>
internal sealed record TapShape(string Name, string PropertyName, EquatableArray<int> Dims);

/// <summary>The Adversarial terms' discriminator: a user <c>[Discriminator]</c> property or a default MLP.</summary>
internal sealed record DiscriminatorModel(string? PropertyName, string? TypeName, string PropertyAccessibility, int Width, OptimizerKind Optimizer, double LearningRate);

/// <summary>One cross term between two members, with every parameter resolved to its value (defaults applied).</summary>
internal sealed record TermModel(
    string Name,
    CrossMethod Method,
    CrossForm Form,
    double Weight,
    string First,
    string Second,
    string? TapProperty,
    double Temperature,
    double Margin,
    double PositiveWeight,
    double NegativeWeight,
    double Epsilon,
    double Scale,
    int WarmupSteps);
