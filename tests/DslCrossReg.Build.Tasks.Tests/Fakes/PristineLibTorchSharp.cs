using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace DslCrossReg.Build.Tasks.Tests.Fakes;

/// <summary>The real libLibTorchSharp.so from the NuGet cache, copied into a private temporary directory.</summary>
internal sealed class PristineLibTorchSharp : IDisposable
{
    public PristineLibTorchSharp()
    {
        string source = typeof(PristineLibTorchSharp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PristineLibTorchSharp").Value!;
        if (!File.Exists(source))
        {
            throw new InvalidOperationException(
                $"The pristine TorchSharp native library is not at '{source}'; run 'dotnet restore' for this test project so the package is in the NuGet cache.");
        }

        Source = source;
        Directory = System.IO.Directory.CreateTempSubdirectory("dslcrossreg-patch-").FullName;
        Path = System.IO.Path.Combine(Directory, "libLibTorchSharp.so");
        File.Copy(source, Path);
        Original = File.ReadAllBytes(Path);
    }

    public string Source { get; }
    public string Directory { get; }
    public string Path { get; }
    public byte[] Original { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
