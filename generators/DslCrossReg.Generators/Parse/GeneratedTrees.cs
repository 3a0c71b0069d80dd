using System;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Recognises the files this package's generators wrote. The analyzer reads declarations in the compilation that
/// already holds them (the generated part of a network has a base class, a system's properties have their
/// implementations): those parts are the generator's, not the user's, and must not be read as what the user wrote.
/// </summary>
internal static class GeneratedTrees
{
    // A generated file's path is <base>/<generator assembly>/<generator type's full name>/<hint name>.
    private static readonly string[] GeneratorFolders =
    {
        typeof(NetworkGenerator).FullName!,
        typeof(SystemGenerator).FullName!,
    };

    public static bool IsOurs(SyntaxTree? tree)
    {
        if (tree is null) return false;
        string path = tree.FilePath;
        foreach (var folder in GeneratorFolders)
        {
            int at = path.IndexOf(folder, StringComparison.Ordinal);
            if (at > 0 && (path[at - 1] == '/' || path[at - 1] == '\\')
                && at + folder.Length < path.Length && (path[at + folder.Length] == '/' || path[at + folder.Length] == '\\'))
                return true;
        }
        return false;
    }
}
