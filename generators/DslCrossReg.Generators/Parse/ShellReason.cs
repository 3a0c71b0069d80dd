using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;

namespace DslCrossReg.Generators.Parse;

/// <summary>The sentence a placeholder's members throw with: the declaration's first error, as the analyzer reports it.</summary>
internal static class ShellReason
{
    /// <param name="className">The class.</param>
    /// <param name="diagnostics">What reading it reported.</param>
    /// <param name="otherwise">The cause when it reported no error (a member network with an error of its own), or null: then its code does not compile.</param>
    public static string Of(string className, IEnumerable<DiagnosticInfo> diagnostics, string? otherwise = null)
    {
        var error = diagnostics.FirstOrDefault(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        string cause = error is null
            ? otherwise ?? "its declaration does not compile"
            : error.Descriptor.Id + ": " + string.Format(CultureInfo.InvariantCulture, error.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), error.Arguments.Cast<object>().ToArray());
        return "'" + className + "' was not generated because " + (error is null ? cause : "of " + cause)
               + ". This placeholder only keeps the rest of the code compiling; fix the declaration.";
    }
}
