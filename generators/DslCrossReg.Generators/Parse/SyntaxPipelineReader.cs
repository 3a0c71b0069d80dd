using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// The fast path of <see cref="PipelineReader"/>: reads an architecture written the common way (simple names of
/// <c>DslCrossReg.Layers</c> members imported by <c>using static DslCrossReg.Layers;</c>, literal arguments,
/// <c>&gt;&gt;</c>, parentheses, <c>.Tap("…")</c>, <c>.Named("…")</c>, <c>Residual(…)</c>) from syntax alone, with overloads and default
/// values taken from the Layers type's metadata, without binding the expression.
/// <para>
/// Binding the architecture is most of what a parse costs, and <c>ForAttributeWithMetadataName</c> re-runs every
/// parse after any edit anywhere in the compilation; this is what keeps that re-run cheap. The reader returns null
/// (and the semantic reader decides) whenever syntax alone might be wrong: another <c>using static</c> or an alias in
/// the file, a network member named like a DSL member, a named constant or an expression as an argument, a
/// qualified call, an overload that the literals do not pick out uniquely, anything it does not know. A test runs
/// both readers over every declaration of the test corpus and requires equal results wherever this one answers.
/// </para>
/// </summary>
internal static class SyntaxPipelineReader
{
    /// <summary>The calls of the pipeline, exactly as <see cref="PipelineReader.Read"/> would read them, or null when syntax cannot be sure.</summary>
    public static ImmutableArray<DslCall>? TryRead(
        ExpressionSyntax expression,
        INamedTypeSymbol network,
        INamedTypeSymbol layerType,
        INamedTypeSymbol layersType)
    {
        // Syntax with errors (a missing parenthesis) is what the parser guessed: the compiler decides what it binds to.
        if (expression.ContainsDiagnostics || !ImportsOnlyLayers(expression.SyntaxTree.GetRoot())) return null;
        var reader = new Reader(layerType, layersType);
        var calls = new List<DslCall>();
        if (!reader.ReadInto(expression, calls)) return null;
        return reader.Names.All(name => !Shadowed(name, network)) ? calls.ToImmutableArray() : null;
    }

    /// <summary>
    /// Whether a simple name would bind to something other than the DSL member the static import brings in: a member
    /// of the network or of a type it is nested in, or a type or namespace of an enclosing namespace (the global one
    /// included), all of which C# looks up before a compilation unit's or namespace's using directives.
    /// </summary>
    private static bool Shadowed(string name, INamedTypeSymbol network)
    {
        INamedTypeSymbol outermost = network;
        for (var type = network; type is not null; type = type.ContainingType)
        {
            if (type.MemberNames.Contains(name)) return true;
            outermost = type;
        }
        for (var ns = outermost.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
            if (ns.GetMembers(name).Any()) return true;
        return false;
    }

    /// <summary>The file imports <c>DslCrossReg.Layers</c> statically and nothing else statically, and aliases nothing.</summary>
    private static bool ImportsOnlyLayers(SyntaxNode root)
    {
        bool layers = false;
        foreach (var directive in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
        {
            if (directive.Alias is not null) return false;
            if (directive.StaticKeyword.IsKind(SyntaxKind.None)) continue;
            string name = directive.NamespaceOrType.ToString().Replace(" ", string.Empty);
            if (name is NetworkParser.LayersTypeName or "global::" + NetworkParser.LayersTypeName) layers = true;
            else return false;
        }
        return layers;
    }

    private sealed class Reader
    {
        private readonly INamedTypeSymbol layerType;
        private readonly INamedTypeSymbol layersType;

        /// <summary>The simple names read as DSL members.</summary>
        public HashSet<string> Names { get; }

        public Reader(INamedTypeSymbol layerType, INamedTypeSymbol layersType)
        {
            Names = new HashSet<string>();
            this.layerType = layerType;
            this.layersType = layersType;
        }

        public bool ReadInto(ExpressionSyntax expression, List<DslCall> calls) => expression switch
        {
            ParenthesizedExpressionSyntax parenthesized => ReadInto(parenthesized.Expression, calls),
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.RightShiftExpression)
                => ReadInto(binary.Left, calls) && ReadInto(binary.Right, calls),
            InvocationExpressionSyntax invocation => ReadInvocation(invocation, calls),
            IdentifierNameSyntax identifier => ReadProperty(identifier, calls),
            _ => false,
        };

        private bool ReadProperty(IdentifierNameSyntax identifier, List<DslCall> calls)
        {
            var members = layersType.GetMembers(identifier.Identifier.ValueText);
            if (members.Length != 1 || members[0] is not IPropertySymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public } property) return false;
            Names.Add(property.Name);
            calls.Add(new DslCall(property.Name, EquatableArray<DslArgument>.Empty, null, EquatableArray<DslCall>.Empty, SourceLocation.From(identifier)));
            return true;
        }

        private bool ReadInvocation(InvocationExpressionSyntax invocation, List<DslCall> calls)
        {
            if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var decorator } access
                && DslCall.IsDecorator(decorator) && access.IsKind(SyntaxKind.SimpleMemberAccessExpression))
                return ReadDecorator(decorator, access.Expression, invocation, calls);
            if (invocation.Expression is not IdentifierNameSyntax { Identifier.ValueText: var name }) return false;

            if (Overload(layersType.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.IsStatic && m.DeclaredAccessibility == Accessibility.Public), invocation.ArgumentList)
                is not (var method, var arguments)) return false;

            var inner = EquatableArray<DslCall>.Empty;
            var layerParameter = method.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, layerType));
            if (layerParameter is not null)
            {
                if (arguments[layerParameter.Ordinal] is not { } innerArgument) return false;
                var innerCalls = new List<DslCall>();
                if (!ReadInto(innerArgument.Expression, innerCalls)) return false;
                inner = innerCalls.ToEquatableArray();
            }

            var values = Values(method, arguments, invocation);
            if (values is null) return false;
            Names.Add(name);
            calls.Add(new DslCall(method.Name, values.Value, null, inner, SourceLocation.From(invocation)));
            return true;
        }

        private bool ReadDecorator(string decorator, ExpressionSyntax receiver, InvocationExpressionSyntax invocation, List<DslCall> calls)
        {
            if (Overload(layerType.GetMembers(decorator).OfType<IMethodSymbol>().Where(m => !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public), invocation.ArgumentList)
                is not (var method, var arguments)) return false;
            int before = calls.Count;
            if (!ReadInto(receiver, calls) || calls.Count == before) return false;
            var values = Values(method, arguments, invocation);
            if (values?.FirstOrDefault()?.Value.Text is not { } text) return false;
            // A second tap or name on one layer is an error the semantic reader reports.
            if (calls[calls.Count - 1].Decoration(decorator) is not null) return false;
            calls[calls.Count - 1] = calls[calls.Count - 1].Decorated(decorator, text);
            return true;
        }

        /// <summary>The one candidate the arguments apply to (by count, names and literal kinds) with its bound arguments, or null.</summary>
        private (IMethodSymbol Method, ArgumentSyntax?[] Arguments)? Overload(IEnumerable<IMethodSymbol> candidates, ArgumentListSyntax list)
        {
            (IMethodSymbol, ArgumentSyntax?[])? chosen = null;
            foreach (var candidate in candidates)
            {
                var bound = BindTo(candidate, list);
                if (bound is null) continue;
                if (chosen is not null) return null;
                chosen = (candidate, bound);
            }
            return chosen;
        }

        /// <summary>
        /// Each parameter's argument (null where the default applies; a params parameter gets its first argument and
        /// <see cref="Values"/> collects the rest), or null when the arguments do not fit: a ref/out/in argument, a
        /// name that is no parameter, a positional argument after a named one, a missing required parameter, or an
        /// argument that is no literal of the parameter's type (a Layer parameter takes any expression).
        /// </summary>
        private ArgumentSyntax?[]? BindTo(IMethodSymbol method, ArgumentListSyntax list)
        {
            var parameters = method.Parameters;
            var bound = new ArgumentSyntax?[parameters.Length];
            bool named = false;
            for (int i = 0; i < list.Arguments.Count; i++)
            {
                var argument = list.Arguments[i];
                if (!argument.RefKindKeyword.IsKind(SyntaxKind.None)) return null;
                int index;
                if (argument.NameColon is { } nameColon)
                {
                    named = true;
                    index = parameters.IndexOf(parameters.FirstOrDefault(p => p.Name == nameColon.Name.Identifier.ValueText)!);
                    if (index < 0 || bound[index] is not null || parameters[index].IsParams) return null;
                }
                else
                {
                    if (named) return null;
                    index = i < parameters.Length ? i : parameters.Length - 1;
                    if (index < 0 || (i >= parameters.Length && !parameters[index].IsParams)) return null;
                    if (parameters[index].IsParams)
                    {
                        bound[index] ??= argument;
                        if (!Fits(argument.Expression, ((IArrayTypeSymbol)parameters[index].Type).ElementType)) return null;
                        continue;
                    }
                }
                if (!Fits(argument.Expression, parameters[index].Type)) return null;
                bound[index] = argument;
            }
            for (int p = 0; p < parameters.Length; p++)
                if (bound[p] is null && !parameters[p].HasExplicitDefaultValue && !parameters[p].IsParams) return null;
            return bound;
        }

        private bool Fits(ExpressionSyntax expression, ITypeSymbol type)
        {
            if (SymbolEqualityComparer.Default.Equals(type, layerType)) return true;
            return Literal(expression, type) is not null;
        }

        /// <summary>
        /// The value of a literal argument converted to the parameter's type as C# converts constants (an int
        /// literal to an int, long or double parameter; a double literal to a double parameter; a string literal to
        /// a string parameter), or null.
        /// </summary>
        private static object? Literal(ExpressionSyntax expression, ITypeSymbol type)
        {
            bool negative = false;
            if (expression is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(SyntaxKind.UnaryMinusExpression))
            {
                negative = true;
                expression = prefix.Operand;
            }
            // Only numbers and strings: the token of `default` (or of any keyword literal) has its text as its value.
            // A literal the compiler rejects (an integer too large for any type) has a value of 0 but no constant value.
            if (expression is not LiteralExpressionSyntax literal || literal.Token.ContainsDiagnostics
                || !(literal.IsKind(SyntaxKind.NumericLiteralExpression) || (literal.IsKind(SyntaxKind.StringLiteralExpression) && !negative)))
                return null;
            object? value = literal.Token.Value;
            switch (type.SpecialType)
            {
                case SpecialType.System_Int32 when value is int i:
                    return negative ? -i : i;
                case SpecialType.System_Int64 when value is int i:
                    return (long)(negative ? -i : i);
                case SpecialType.System_Double when value is int i:
                    return (double)(negative ? -i : i);
                case SpecialType.System_Double when value is double d:
                    return negative ? -d : d;
                case SpecialType.System_String when value is string s && !negative:
                    return s;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The bound values as <see cref="PipelineReader"/> records them: the C# semantic model lists the arguments
        /// written in the order they are written (an expanded params array where its first element is), then the
        /// defaulted ones in parameter order, both located at the invocation.
        /// </summary>
        private EquatableArray<DslArgument>? Values(IMethodSymbol method, ArgumentSyntax?[] bound, InvocationExpressionSyntax invocation)
        {
            const int Defaulted = int.MaxValue / 2;
            var arguments = invocation.ArgumentList.Arguments;
            var values = new List<(int Order, DslArgument Argument)>();
            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, layerType)) continue;
                var argument = bound[parameter.Ordinal];
                if (parameter.IsParams)
                {
                    var elementType = ((IArrayTypeSymbol)parameter.Type).ElementType;
                    var elements = new List<long>();
                    for (int i = parameter.Ordinal; i < arguments.Count; i++)
                    {
                        if (Literal(arguments[i].Expression, elementType) is not int element) return null;
                        elements.Add(element);
                    }
                    int order = argument is null ? Defaulted + parameter.Ordinal : arguments.IndexOf(argument);
                    values.Add((order, new DslArgument(parameter.Name, DslValue.OfArray(elements.ToEquatableArray()), SourceLocation.From(invocation))));
                    continue;
                }
                if (argument is null)
                {
                    values.Add((Defaulted + parameter.Ordinal, new DslArgument(parameter.Name, DslValue.Of(parameter.ExplicitDefaultValue), SourceLocation.From(invocation))));
                    continue;
                }
                values.Add((arguments.IndexOf(argument), new DslArgument(parameter.Name, DslValue.Of(Literal(argument.Expression, parameter.Type)), SourceLocation.From(argument))));
            }
            return values.OrderBy(v => v.Order).Select(v => v.Argument).ToEquatableArray();
        }
    }
}
