using System.Collections.Generic;
using System.Linq;

namespace DslCrossReg.Build.Tasks.Tests.Patching;

/// <summary>The version sets of real libstdc++ releases (from their .gnu.version_d).</summary>
internal static class LibStdCxxVersions
{
    /// <summary>GCC 12's libstdc++.so.6.0.30, as shipped by Debian 12.</summary>
    public static IReadOnlyList<string> Debian12 { get; } = UpTo(30, 13);

    /// <summary>GCC 13's libstdc++.so.6.0.32, the first to define GLIBCXX_3.4.32.</summary>
    public static IReadOnlyList<string> Gcc13 { get; } = UpTo(32, 14);

    private static IReadOnlyList<string> UpTo(int glibcxx, int cxxabi) =>
        new[] { "GLIBCXX_3.4" }.Concat(Enumerable.Range(1, glibcxx).Select(i => $"GLIBCXX_3.4.{i}"))
            .Concat(new[] { "CXXABI_1.3" }).Concat(Enumerable.Range(1, cxxabi).Select(i => $"CXXABI_1.3.{i}"))
            .ToList();
}
