using System;
using System.Linq;
using DslCrossReg.Generators;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace DslCrossReg.CodeFixes.Tests;

/// <summary>
/// Every code fix answers rules the analyzer reports: an id a fix names but the analyzer never reports (a typo, a
/// renumbered rule) would leave the fix silently unused.
/// </summary>
public class FixableIdsTests
{
    private static readonly Type[] CodeFixes = typeof(MakePartialCodeFix).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Every_code_fix_fixes_only_ids_the_analyzer_supports()
    {
        var supported = new DslCrossRegAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(
            new[] { "AddArchitectureCodeFix", "CheckedLinearInputCodeFix", "MakePartialCodeFix", "UnknownTapCodeFix" },
            CodeFixes.Select(t => t.Name));
        foreach (var type in CodeFixes)
        {
            var fix = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotEmpty(fix.FixableDiagnosticIds);
            Assert.All(fix.FixableDiagnosticIds, id => Assert.True(supported.Contains(id), $"{type.Name} fixes {id}, which the analyzer does not report"));
        }
    }
}
