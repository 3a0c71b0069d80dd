namespace DslCrossReg.Generators.Model;

/// <summary>
/// A cross term of the user's own: a static <c>[CrossTerm]</c> method of the system, called with the outputs of the
/// members its parameters name, in parameter order.
/// </summary>
/// <param name="Name">The term's name in the terms dictionary: <c>Method(Member,Member)</c>.</param>
/// <param name="Method">The method's name as written in C# (a keyword escaped with <c>@</c>).</param>
/// <param name="Weight">The term's weight, positive and finite.</param>
/// <param name="WarmupSteps">Steps over which the weight ramps from 0 (0: none).</param>
/// <param name="Arguments">The members whose outputs are passed, in parameter order.</param>
internal sealed record CustomTermModel(
    string Name,
    string Method,
    double Weight,
    int WarmupSteps,
    EquatableArray<CustomTermArgument> Arguments);

/// <summary>One argument of a custom term: the member whose output is passed, and whether it is passed detached.</summary>
internal sealed record CustomTermArgument(string Member, bool Detached);
