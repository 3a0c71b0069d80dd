using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generator inside a real <c>dotnet build</c> of a consumer project: a correct network builds with zero
/// warnings, and a shape mismatch fails the build with a DCR error at the offending call.
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
            <Reference Include="{{RUNTIME}}" />
            <Analyzer Include="{{GENERATOR}}" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void A_correct_network_builds_without_warnings_and_a_mismatch_fails_the_build_at_the_call()
    {
        string directory = Path.Combine(Path.GetTempPath(), "dcr-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string bin = AppContext.BaseDirectory;
            File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), Project
                .Replace("{{RUNTIME}}", Path.Combine(bin, "DslCrossReg.dll"))
                .Replace("{{GENERATOR}}", Path.Combine(bin, "DslCrossReg.Generators.dll")));
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
