using Xunit;

namespace DslCrossReg.Tests;

/// <summary>
/// Tests that call <c>torch.manual_seed</c> and rely on what the global generator yields next. xunit runs test classes
/// in parallel, and any other class that initialises a module draws from the same global generator, so these run in a
/// collection of their own, after and apart from all others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTests
{
    public const string Name = "Seeded (global torch generator)";
}
