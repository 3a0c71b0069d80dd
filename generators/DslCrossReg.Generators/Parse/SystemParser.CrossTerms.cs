using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The system's <c>[CrossLoss]</c> terms, from every part of the class, in order: each attribute is read by
/// <see cref="TermReader"/>; a term that repeats another (same method, members, form and tap) is refused, and terms of
/// one method between the same members get names that tell them apart.
/// </summary>
internal static partial class SystemParser
{
    private static List<TermModel> ReadCrossTerms(SystemReading reading, IReadOnlyList<AttributeData> crossLosses, DeclaredMembers members)
    {
        var system = reading.System;
        var cancellationToken = reading.CancellationToken;
        var terms = new List<TermModel>();
        foreach (var attribute in crossLosses)
        {
            foreach (var read in TermReader.Read(attribute, system.Name, members.Models, members.Broken, reading.Diagnostics, cancellationToken))
            {
                var term = read;
                var sameMembers = terms.Where(t => t.Method == term.Method && t.DeclaredFirst == term.DeclaredFirst && t.DeclaredSecond == term.DeclaredSecond).ToList();
                if (sameMembers.FirstOrDefault(t => t.Form == term.Form && t.TapProperty == term.TapProperty) is { } twin)
                {
                    reading.Report(DiagnosticDescriptors.DuplicateTerm,
                        SourceLocation.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)), twin.Name, system.Name,
                        term.Form == CrossForm.Default ? "no form" : "form " + term.Form,
                        term.TapProperty is not null && NamedValue(attribute, "Tap") is string tap ? "tap '" + tap + "'" : "no tap");
                    reading.Valid = false;
                    continue;
                }
                if (sameMembers.Count > 0) term = term with { Name = TermReader.DistinguishedName(term, sameMembers) };
                terms.Add(term);
            }
        }
        return terms;
    }
}
