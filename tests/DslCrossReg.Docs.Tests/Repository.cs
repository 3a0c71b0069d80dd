using System.Linq;
using System.Reflection;

namespace DslCrossReg.Docs.Tests;

/// <summary>Where the repository is: recorded at build time by the project file.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;
}
