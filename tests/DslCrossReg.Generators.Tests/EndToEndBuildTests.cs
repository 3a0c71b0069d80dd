using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generators and the analyzer inside a real <c>dotnet build</c> of a consumer project: a correct network builds
/// with zero warnings, a shape mismatch fails the build with a DCR error at the offending call, and the DCR
/// diagnostics obey pragmas, .editorconfig and NoWarn.
/// </summary>
public class EndToEndBuildTests
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <NoWarn>NU1603</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
            <!-- The package's own pin (its loss-curve observer uses ScottPlot, which needs SkiaSharp 3), needed here
                 because the runtime is referenced as a file beside its ScottPlot.dll rather than as the package. -->
            <PackageReference Include="SkiaSharp" Version="3.119.0" />
            <Reference Include="{{RUNTIME}}" />
            <Analyzer Include="{{GENERATOR}}" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void A_correct_network_builds_without_warnings_and_a_mismatch_fails_the_build_at_the_call() => InConsumer((directory, _) =>
    {
        string program = Path.Combine(directory, "Networks.cs");
        File.WriteAllText(program, """
            using DslCrossReg;
            using static DslCrossReg.Layers;

            [Network]
            public partial class Encoder
            {
                static Layer Architecture => Input(1, 28, 28) >> Flatten >> Linear(784, 10).Tap("logits");
            }
            """);

        var ok = Build(directory);
        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Contains("0 Warning(s)", ok.Output);

        File.WriteAllText(program, File.ReadAllText(program).Replace("Linear(784, 10)", "Linear(100, 10)"));
        var broken = Build(directory);
        Assert.True(broken.ExitCode != 0, broken.Output);
        // Line 7, column 65: the Linear(100, 10) call.
        Assert.True(broken.Output.Contains("Networks.cs(7,65): error DCR0006: Network 'Encoder': layer 1 Linear(100, 10) expects input [*, 100] but receives [*, 784]"), broken.Output);
    });

    /// <summary>
    /// In a real build, with warnings as errors: a weight-25 term's DCR0023 fails the build, and a pragma around it, an
    /// .editorconfig severity or NoWarn each let it pass; a pragma around a broken network hides its DCR0006 too, and
    /// the placeholder the generator wrote in its place compiles with the code that uses the network.
    /// </summary>
    [Fact]
    public void Pragma_editorconfig_and_NoWarn_configure_the_analyzers_diagnostics_in_a_build() => InConsumer((directory, project) =>
    {
        const string Networks = """
            using DslCrossReg;
            using static DslCrossReg.Layers;

            [Network]
            public partial class Encoder
            {
                static Layer Architecture => Input(8) >> Linear(6).Tap("embedding") >> Linear(3);
            }
            """;
        const string Heavy = """
            using DslCrossReg;

            [CrossLoss(CrossMethod.EmbeddingDistance, 25, Tap = "embedding")]
            public partial class Pair
            {
                [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder A { get; }
                [Member(Task = TaskLoss.CrossEntropy)] public partial Encoder B { get; }
            }
            """;
        File.WriteAllText(Path.Combine(directory, "Networks.cs"), Networks);
        string system = Path.Combine(directory, "Pair.cs");

        File.WriteAllText(system, Heavy);
        var warned = Build(directory);
        Assert.True(warned.ExitCode != 0 && warned.Output.Contains("Pair.cs(3,43): error DCR0023"), warned.Output);

        File.WriteAllText(system, Heavy.Replace("[CrossLoss", "#pragma warning disable DCR0023\n[CrossLoss").Replace("public partial class Pair", "#pragma warning restore DCR0023\npublic partial class Pair"));
        var pragma = Build(directory);
        Assert.True(pragma.ExitCode == 0 && !pragma.Output.Contains("DCR0023"), pragma.Output);

        File.WriteAllText(system, Heavy);
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.DCR0023.severity = none\n");
        var editorconfig = Build(directory);
        Assert.True(editorconfig.ExitCode == 0 && !editorconfig.Output.Contains("DCR0023"), editorconfig.Output);
        File.Delete(Path.Combine(directory, ".editorconfig"));

        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), project.Replace("<NoWarn>NU1603</NoWarn>", "<NoWarn>NU1603;DCR0023</NoWarn>"));
        var noWarn = Build(directory);
        Assert.True(noWarn.ExitCode == 0 && !noWarn.Output.Contains("DCR0023"), noWarn.Output);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), project);

        // An error: the network broken, a pragma around it, and code that uses the network and the system over it.
        File.WriteAllText(system, Heavy.Replace(", 25,", ", 0.1,") + """

            public static class Use
            {
                public static int Width() => Encoder.EmbeddingSize + new Pair.Batch(null!, null!).GetHashCode();
            }
            """);
        File.WriteAllText(Path.Combine(directory, "Networks.cs"), Networks.Replace("Input(8) >> Linear(6)", "Input(8) >> Linear(5, 6)")
            .Replace("[Network]", "#pragma warning disable DCR0006\n[Network]") + "\n#pragma warning restore DCR0006\n");
        var hiddenError = Build(directory);
        Assert.True(hiddenError.ExitCode == 0 && !hiddenError.Output.Contains("DCR0006") && hiddenError.Output.Contains("0 Warning(s)"), hiddenError.Output);
        File.WriteAllText(Path.Combine(directory, "Networks.cs"), Networks.Replace("Input(8) >> Linear(6)", "Input(8) >> Linear(5, 6)"));
        var shownError = Build(directory);
        Assert.True(shownError.ExitCode != 0 && shownError.Output.Contains("error DCR0006") && !shownError.Output.Contains("error CS"), shownError.Output);
    });

    /// <summary>Runs <paramref name="test"/> in a new consumer project folder (its project file written, its text passed on), then deletes it.</summary>
    private static void InConsumer(Action<string, string> test)
    {
        string directory = Path.Combine(Path.GetTempPath(), "dcr-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string bin = AppContext.BaseDirectory;
            string project = Project
                .Replace("{{RUNTIME}}", Path.Combine(bin, "DslCrossReg.dll"))
                .Replace("{{GENERATOR}}", Path.Combine(bin, "DslCrossReg.Generators.dll"));
            File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), project);
            test(directory, project);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Build(string directory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A compiler server left running would outlive the test run and hold the temp directory.
        foreach (var a in new[] { "build", "-nologo", "-p:UseSharedCompilation=false" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
