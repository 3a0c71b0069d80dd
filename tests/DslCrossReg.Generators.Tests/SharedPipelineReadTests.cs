using System.Linq;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The system generator reuses the pipelines the network generator read for the same compilation. Whether it finds
/// them (both generators, the network one first) or reads them itself (alone, or first), the system it generates is
/// the same text.
/// </summary>
public class SharedPipelineReadTests
{
    private const string System = """
        using DslCrossReg;
        namespace Demo;

        [CrossLoss(CrossMethod.EmbeddingDistance, 0.1, Tap = "embedding")]
        [CrossLoss(CrossMethod.Distillation, 0.5, Teacher = "Left", Student = "Right", Tap = "embedding")]
        public partial class Views
        {
            [Member(Task = TaskLoss.CrossEntropy)] public partial LeftView Left { get; }
            [Member(Task = TaskLoss.CrossEntropy)] public partial RightView Right { get; }
        }
        """;

    private static string SystemSource(params ISourceGenerator[] generators)
    {
        var driver = CSharpGeneratorDriver.Create(generators, parseOptions: GeneratorHarness.ParseOptions)
            .RunGenerators(GeneratorHarness.Compilation(SystemSnapshotTests.Networks, System));
        return driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.EndsWith(".System.g.cs")).SourceText.ToString();
    }

    [Fact]
    public void A_system_is_generated_the_same_whether_its_member_pipelines_were_read_before_or_not()
    {
        string alone = SystemSource(new SystemGenerator().AsSourceGenerator());
        string afterNetworks = SystemSource(new NetworkGenerator().AsSourceGenerator(), new SystemGenerator().AsSourceGenerator());
        string beforeNetworks = SystemSource(new SystemGenerator().AsSourceGenerator(), new NetworkGenerator().AsSourceGenerator());
        Assert.Contains("EmbeddingDistance(Left,Right)", alone);
        Assert.Equal(alone, afterNetworks);
        Assert.Equal(alone, beforeNetworks);
    }
}
