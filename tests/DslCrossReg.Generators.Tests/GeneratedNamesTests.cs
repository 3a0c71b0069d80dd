using System.IO;
using System.Linq;
using DslCrossReg.Generators.Emit;
using DslCrossReg.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// DCR0016 keeps a member's name from meeting what the generated system class declares itself, by a list of those
/// names (<see cref="SystemNames.ClassMembers"/>). Every name a verified system or placeholder snapshot
/// declares must be on that list or derived from a member's name, so that an emitter that starts declaring something
/// new cannot leave the list behind.
/// </summary>
public class GeneratedNamesTests
{
    private static readonly string[] MemberSuffixes = { "", "Network", "Optimizer", "Parameters", "NetworkOptimizer", "NetworkParameters", "Device" };

    [Fact]
    public void Every_name_a_generated_system_declares_is_known_to_the_member_name_check()
    {
        var files = Directory.GetFiles(Snapshot.Folder, "*.verified.cs")
            .Where(f => Path.GetFileName(f) is var name
                && (name.StartsWith("SystemSnapshotTests.") || name.StartsWith("CustomTermGeneratorTests.") || name.EndsWith("#TwoViews.verified.cs")))
            .ToList();
        Assert.True(files.Count >= 12, "snapshots found: " + files.Count);
        foreach (var file in files)
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetCompilationUnitRoot();
            var system = root.DescendantNodes().OfType<ClassDeclarationSyntax>().First();
            var declared = system.Members.SelectMany(Names).ToList();
            var members = system.Members.OfType<PropertyDeclarationSyntax>()
                .Where(p => p.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword))).Select(p => p.Identifier.Text).ToList();
            var unknown = declared
                .Where(n => !SystemNames.ClassMembers.Contains(n) && !members.Contains(n)
                    && !members.Any(m => MemberSuffixes.Any(suffix => n == char.ToLowerInvariant(m[0]) + m.Substring(1) + suffix)))
                .Distinct().ToList();
            Assert.True(unknown.Count == 0, Path.GetFileName(file) + " declares names the member-name check does not know: " + string.Join(", ", unknown));
        }
    }

    private static System.Collections.Generic.IEnumerable<string> Names(MemberDeclarationSyntax member) => member switch
    {
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.Text),
        PropertyDeclarationSyntax property => new[] { property.Identifier.Text },
        MethodDeclarationSyntax method => new[] { method.Identifier.Text },
        EventDeclarationSyntax e => new[] { e.Identifier.Text },
        BaseTypeDeclarationSyntax type => new[] { type.Identifier.Text },
        _ => System.Array.Empty<string>(),
    };
}
