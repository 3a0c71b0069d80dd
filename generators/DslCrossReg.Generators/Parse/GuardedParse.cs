using System;
using System.Collections.Generic;
using System.Threading;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>Runs a parser so that it can never throw out of the generator.</summary>
internal static class GuardedParse
{
    /// <summary>
    /// Runs <paramref name="parse"/>; an exception (other than cancellation) becomes one DCR0013 diagnostic on the
    /// class. A generator that throws leaves the user with CS8785 and a wall of "missing member" errors instead.
    /// </summary>
    public static Result<T> Run<T>(
        DeclarationContext context,
        Func<DeclarationContext, List<DiagnosticInfo>, CancellationToken, (T? Model, ShellModel? Shell)> parse,
        CancellationToken cancellationToken)
        where T : class
    {
        var diagnostics = new List<DiagnosticInfo>();
        T? model;
        ShellModel? shell;
        try
        {
            (model, shell) = parse(context, diagnostics, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError,
                SourceLocation.From((context.TargetNode as ClassDeclarationSyntax)?.Identifier.GetLocation()),
                context.TargetSymbol.Name,
                exception.GetType().Name + ": " + exception.Message));
            model = null;
            shell = null;
        }
        return new Result<T>(model, diagnostics.ToEquatableArray(), model is null ? shell : null);
    }
}
