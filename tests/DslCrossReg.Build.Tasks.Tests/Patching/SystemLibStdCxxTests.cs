using System.IO;
using DslCrossReg.Build.Tasks.Elf;
using DslCrossReg.Build.Tasks.Patching;
using DslCrossReg.Build.Tasks.Tests.Elf;
using Xunit;

namespace DslCrossReg.Build.Tasks.Tests.Patching;

public class SystemLibStdCxxTests
{
    [Fact]
    public void The_mapped_libstdcxx_is_read_from_the_maps_pathname_column()
    {
        var lines = new[]
        {
            "7f0c00000000-7f0c00001000 r--p 00000000 08:01 1234  /usr/lib/x86_64-linux-gnu/libm.so.6",
            "7f0c00002000-7f0c00003000 rw-p 00000000 00:00 0 ",
            "7f0c00004000-7f0c00005000 r--p 00000000 08:01 5678  /opt/gcc 13/lib64/libstdc++.so.6.0.32",
        };

        Assert.Equal("/opt/gcc 13/lib64/libstdc++.so.6.0.32", SystemLibStdCxx.FromMaps(lines));
    }

    [Fact]
    public void This_process_finds_a_libstdcxx_that_defines_versions()
    {
        string? path = SystemLibStdCxx.Locate();

        Assert.NotNull(path);
        Assert.StartsWith("libstdc++.so.6", Path.GetFileName(path));
        Assert.Contains("GLIBCXX_3.4", ElfFile.Parse(File.ReadAllBytes(path!)).ReadVersionDefinitions());
    }

    [Fact]
    public void The_version_definitions_of_a_synthetic_library_are_read_in_order()
    {
        var image = SyntheticElf.LibraryDefining(new[] { "GLIBCXX_3.4", "GLIBCXX_3.4.32", "CXXABI_1.3" });

        Assert.Equal(
            new[] { "libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.32", "CXXABI_1.3" },
            ElfFile.Parse(image).ReadVersionDefinitions());
    }
}
