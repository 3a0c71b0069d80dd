using System.Linq;
using DslCrossReg.Generators.Parse;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>The allocation-free attribute-class match against the display name it replaced.</summary>
public class MetadataNameTests
{
    [Theory]
    [InlineData("DslCrossReg.Marker", true)]
    [InlineData("Other.DslCrossReg.Marker", false)]
    [InlineData("Marker", false)]
    [InlineData("DslCrossReg.Outer.Marker", false)]
    [InlineData("DslCrossReg.Generic`1", false)]
    [InlineData("DslCrossRegX.Marker", false)]
    public void Matches_exactly_the_type_its_full_name_names(string metadataName, bool expected)
    {
        var compilation = GeneratorHarness.Compilation("""
            namespace DslCrossReg { public class Marker { } public class Outer { public class Marker { } } public class Generic<T> { } }
            namespace Other.DslCrossReg { public class Marker { } }
            namespace DslCrossRegX { public class Marker { } }
            public class Marker { }
            """);
        var type = compilation.GetTypeByMetadataName(metadataName.Replace("Outer.", "Outer+"))!;
        Assert.NotNull(type);
        Assert.Equal(expected, MetadataName.Is(type, "DslCrossReg.Marker"));
        // The same verdict as comparing display strings, for every candidate.
        Assert.Equal(type.ToDisplayString() == "DslCrossReg.Marker", MetadataName.Is(type, "DslCrossReg.Marker"));
    }
}
