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

    /// <summary>The members with a task loss (every task but None), in declaration order: each has a Target and a ".task" term.</summary>
    public IEnumerable<MemberModel> TaskedMembers => Members.Where(m => m.Task != TaskLoss.None);

    /// <summary>
    /// How many terms the generated Terms method names: a task loss per tasked member, every cross term and custom term,
    /// and the discriminator's own loss when there is one.
    /// </summary>
    public int LossTermCount => TaskedMembers.Count() + Terms.Count + CustomTerms.Count + (Discriminator is null ? 0 : 1);

    /// <summary>Whether the Batch has a PairLabel: a labelled Contrastive term (every form but InfoNce) reads one.</summary>
    public bool NeedsPairLabel => Terms.Any(t => t.Method == CrossMethod.Contrastive && t.Form != CrossForm.InfoNce);

    /// <summary>Whether some member lives on a device of its own (<c>[Member(Device = ...)]</c>).</summary>
    public bool MultiDevice => Members.Any(m => m.Device is not null);

    /// <summary>The members a term's gradient reaches: its learners but the frozen (teachers and references never).</summary>
    public IEnumerable<string> TrainedBy(TermModel t) => t.Learners.Where(n => !Member(n).Frozen);

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
/// <param name="LayerStructure">
/// The input shape and every layer as written, without the names layers take but for a Residual's inner layers
/// (<see cref="DslCrossReg.Shapes.ParameterLayouts.Structure"/>): what decides the shapes and the order of the network's
/// parameter tensors. The checkpoint's DeclarationHash includes it;
/// names it does not, since a checkpoint's tensor names are checked one by one when it loads, and a renamed layer is
/// refused there, naming both names and why.
/// </param>
/// <param name="ParameterLayout">
/// <paramref name="LayerStructure"/> with each layer's own name, declared or its tap's (<see cref="DslCrossReg.Shapes.ParameterLayouts.Of"/>):
/// what names the parameter tensors. ParameterDistance pairs two members' parameters by name, so it compares members
/// whose layouts are equal.
/// </param>
internal sealed record NetworkShapes(
    bool TokenInput,
    EquatableArray<int> Input,
    EquatableArray<int> Output,
    EquatableArray<TapShape> Taps,
    string LayerStructure,
    string ParameterLayout,
    EquatableArray<StageShape> Stages = default,
    int? Vocabulary = null);

/// <summary>A top-level layer of a member's network (or its input): its kind, how it is written, and its per-sample output dims.</summary>
internal sealed record StageShape(DslCrossReg.Shapes.LayerKind Kind, string Display, EquatableArray<int> Output);

/// <summary>A tap of a member's network: DSL name, generated Output property, and per-sample dims.</summary>
internal sealed record TapShape(string Name, string PropertyName, EquatableArray<int> Dims);

/// <summary>The Adversarial terms' discriminator: a user <c>[Discriminator]</c> property or a default MLP.</summary>
internal sealed record DiscriminatorModel(string? PropertyName, string? TypeName, string PropertyAccessibility, int Width, OptimizerKind Optimizer, double LearningRate);

/// <summary>
/// One cross term between two members, with every parameter resolved to its value (defaults applied). The members are
/// stored in the order the declaration names them and read by the role the method gives them: a Distillation's
/// <see cref="Teacher"/> and <see cref="Student"/>; a ParameterDistance's or OutputDisagreement's <see cref="Reference"/>
/// and the <see cref="Model"/> it pushes away; the two peers <see cref="PeerA"/> and <see cref="PeerB"/> of the other
/// methods. A <see cref="Directed"/> term reads its teacher or reference detached and trains only the other member.
/// </summary>
/// <param name="DeclaredFirst">The member named first: <c>Teacher</c>, <c>Reference</c>, or the first of a pair of <c>Between</c>.</param>
/// <param name="DeclaredSecond">The member named second: <c>Student</c>, one of the others of <c>Between</c>, or the second of a pair.</param>
internal sealed record TermModel(
    string Name,
    CrossMethod Method,
    CrossForm Form,
    double Weight,
    string DeclaredFirst,
    string DeclaredSecond,
    string? TapProperty,
    double Temperature,
    double Margin,
    double PositiveWeight,
    double NegativeWeight,
    double Epsilon,
    double Scale,
    int WarmupSteps)
{
    /// <summary>
    /// Whether the term has a guide and a learner (Distillation, ParameterDistance, OutputDisagreement): it reads the
    /// teacher or reference detached and its gradient reaches only the student or model. Otherwise it joins two peers
    /// and trains both.
    /// </summary>
    public bool Directed => Method is CrossMethod.Distillation or CrossMethod.ParameterDistance or CrossMethod.OutputDisagreement;

    /// <summary>A Distillation's teacher, read detached.</summary>
    public string Teacher => DeclaredFirst;

    /// <summary>A Distillation's student, the member it trains.</summary>
    public string Student => DeclaredSecond;

    /// <summary>A ParameterDistance's or OutputDisagreement's reference, read detached.</summary>
    public string Reference => DeclaredFirst;

    /// <summary>The member a ParameterDistance or OutputDisagreement term pushes away from its reference, the one it trains.</summary>
    public string Model => DeclaredSecond;

    /// <summary>The first of the two peers of an EmbeddingDistance, Contrastive or Adversarial term (the discriminator's label 0).</summary>
    public string PeerA => DeclaredFirst;

    /// <summary>The second peer (the discriminator's label 1).</summary>
    public string PeerB => DeclaredSecond;

    /// <summary>The member a directed term reads detached and never trains, its teacher or reference; null between peers.</summary>
    public string? DetachedMember => Directed ? DeclaredFirst : null;

    /// <summary>Both members, in declared order.</summary>
    public IEnumerable<string> Members => new[] { DeclaredFirst, DeclaredSecond };

    /// <summary>The members the term's gradient is meant for, frozen or not: a directed term's student or model, or both peers.</summary>
    public IEnumerable<string> Learners => Directed ? new[] { DeclaredSecond } : Members;
}
