using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>The sentence a placeholder's members throw with: the declaration's first error, as the analyzer reports it.</summary>
internal static class ShellReason
{
    public static string Of(string className, IEnumerable<DiagnosticInfo> diagnostics)
    {
        var error = diagnostics.FirstOrDefault(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        string cause = error is null
            ? "its declaration does not compile"
            : error.Descriptor.Id + ": " + string.Format(CultureInfo.InvariantCulture, error.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), error.Arguments.Cast<object>().ToArray());
        return "'" + className + "' was not generated because " + (error is null ? cause : "of " + cause)
               + ". This placeholder only keeps the rest of the code compiling; fix the declaration.";
    }
}
