using System;

namespace DslCrossReg;

/// <summary>
/// Declares a training system: a partial class whose partial properties are <c>[Network]</c> members, trained
/// together by one generated <c>Step</c> (with <c>Loss</c>, <c>Evaluate</c>, <c>Save</c>, <c>Load</c> and the loss
/// graph). It is needed only for a system without cross terms — members trained on their own task losses, each with
/// its optimizer, in one loop and one checkpoint; a class with a <see cref="CrossLossAttribute"/> or an
/// <see cref="OutputNormAttribute"/> is a system already, and may carry this attribute too.
/// <code>
/// [TrainingSystem]
/// public partial class Independent
/// {
///     [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
///     [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
/// }
/// </code>
/// A system needs at least one member (two when it declares a cross term) and something to train: a member with a
/// task loss, or a cross term.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TrainingSystemAttribute : Attribute
{
}
