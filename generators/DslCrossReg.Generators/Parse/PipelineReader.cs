using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DslCrossReg.Generators.Diagnostics;
using DslCrossReg.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Reads an architecture expression (<c>Input(8) &gt;&gt; Linear(4).Tap("h") &gt;&gt; ReLU</c>) into the flat list of
/// DSL calls it denotes. Only the DSL is accepted: <c>&gt;&gt;</c>, parentheses, <c>DslCrossReg.Layers</c> members
/// with constant arguments, <c>.Tap(name)</c>, <c>.Named(name)</c> and <c>Residual(inner)</c>. Code that does not bind (the IDE sees
/// half-typed code constantly) yields no calls and no diagnostic: the compiler already reports it.
/// </summary>
internal sealed class PipelineReader
{
    private readonly Compilation compilation;
    private readonly INamedTypeSymbol layerType;
    private readonly INamedTypeSymbol layersType;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly CancellationToken cancellationToken;
    private readonly string network;
    private readonly Dictionary<SyntaxTree, SemanticModel> models = new();

    public PipelineReader(
        string network,
        Compilation compilation,
        INamedTypeSymbol layerType,
        INamedTypeSymbol layersType,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        this.network = network;
        this.compilation = compilation;
        this.layerType = layerType;
        this.layersType = layersType;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>The calls of the pipeline in order, or null when it could not be read (diagnostics say why, or the compiler does).</summary>
    public ImmutableArray<DslCall>? Read(ExpressionSyntax expression)
    {
        var calls = new List<DslCall>();
        return ReadInto(expression, calls) ? calls.ToImmutableArray() : null;
    }

    private bool ReadInto(ExpressionSyntax expression, List<DslCall> calls)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return ReadInto(parenthesized.Expression, calls);

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.RightShiftExpression):
                // Read both sides even when the left fails, so that every error of the pipeline is reported at once.
                bool left = ReadInto(binary.Left, calls);
                bool right = ReadInto(binary.Right, calls);
                return left && right;

            case InvocationExpressionSyntax invocation:
                return ReadInvocation(invocation, calls);

            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return ReadProperty(expression, calls);

            default:
                Report(DiagnosticDescriptors.UnknownDslCall, expression, expression.ToString());
                return false;
        }
    }

    private bool ReadProperty(ExpressionSyntax expression, List<DslCall> calls)
    {
        var symbol = ModelFor(expression).GetSymbolInfo(expression, cancellationToken).Symbol;
        if (symbol is null) return false;
        if (symbol is IPropertySymbol property && IsDsl(property.ContainingType) && property.IsStatic)
        {
            calls.Add(new DslCall(property.Name, EquatableArray<DslArgument>.Empty, null, EquatableArray<DslCall>.Empty, SourceLocation.From(expression)));
            return true;
        }

        Report(DiagnosticDescriptors.UnknownDslCall, expression, expression.ToString());
        return false;
    }

    private bool ReadInvocation(InvocationExpressionSyntax invocation, List<DslCall> calls)
    {
        var model = ModelFor(invocation);
        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            // The compiler reports why it does not bind; a Module stage whose factory makes no Module<Tensor, Tensor> gets the reason too.
            ReportModuleType(invocation, model);
            return false;
        }
        var method = operation.TargetMethod;

        if (DslCall.IsDecorator(method.Name) && SymbolEqualityComparer.Default.Equals(method.ContainingType, layerType)
            && invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver } access)
        {
            int before = calls.Count;
            bool ok = ReadInto(receiver, calls);
            var name = ReadArguments(operation, method.Name);
            if (!ok || name is null) return false;
            var text = name.Value.FirstOrDefault()?.Value.Text;
            if (text is null || calls.Count == before) return false;
            if (calls[calls.Count - 1].Decoration(method.Name) is { } earlier)
            {
                // Layer.Tap and Layer.Named throw on a layer that already has one; the generated network would keep the last.
                var second = Location.Create(invocation.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(access.Name.SpanStart, invocation.Span.End));
                diagnostics.Add(DiagnosticInfo.Create(method.Name == "Tap" ? DiagnosticDescriptors.DuplicateTap : DiagnosticDescriptors.InvalidLayerName,
                    SourceLocation.From(second), network, DslCall.SecondDecoration(calls[calls.Count - 1].Name, method.Name, earlier, text)));
                return false;
            }
            calls[calls.Count - 1] = calls[calls.Count - 1].Decorated(method.Name, text);
            return true;
        }

        if (!IsDsl(method.ContainingType) || !method.IsStatic)
        {
            Report(DiagnosticDescriptors.UnknownDslCall, invocation, invocation.Expression.ToString());
            return false;
        }

        var inner = EquatableArray<DslCall>.Empty;
        var layerArgument = operation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, layerType));
        if (layerArgument is not null)
        {
            if (layerArgument.Syntax is not ArgumentSyntax { Expression: var innerExpression }) return false;
            var innerCalls = new List<DslCall>();
            if (!ReadInto(innerExpression, innerCalls)) return false;
            inner = innerCalls.ToEquatableArray();
        }

        var arguments = ReadArguments(operation, method.Name);
        if (arguments is null) return false;
        calls.Add(new DslCall(method.Name, arguments.Value, null, inner, SourceLocation.From(invocation)));
        return true;
    }

    /// <summary>Binds every non-Layer argument to its parameter with its constant value; null if one is not constant.</summary>
    private EquatableArray<DslArgument>? ReadArguments(IInvocationOperation operation, string methodName)
    {
        var arguments = new List<DslArgument>();
        bool ok = true;
        foreach (var argument in operation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null) return null;
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, layerType)) continue;
            if (parameter.Type.TypeKind == TypeKind.Delegate)
            {
                // Module's factory runs at run time; the generator needs only the type it makes, for messages.
                var made = (parameter.Type as INamedTypeSymbol)?.DelegateInvokeMethod?.ReturnType;
                ReportSharedModule(argument.Value);
                arguments.Add(new DslArgument(parameter.Name, DslValue.Of(made?.Name ?? methodName), SourceLocation.From(argument.Syntax)));
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                var values = new List<long>();
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        if (Constant(element) is { } c && DslValue.Of(c).Integer is long l) values.Add(l);
                        else { ReportNonConstant(element.Syntax, parameter.Name, methodName); ok = false; }
                    }
                }
                else
                {
                    ReportNonConstant(argument.Value.Syntax, parameter.Name, methodName);
                    ok = false;
                }
                arguments.Add(new DslArgument(parameter.Name, DslValue.OfArray(values.ToEquatableArray()), SourceLocation.From(argument.Syntax)));
                continue;
            }

            object? value = argument.ArgumentKind == ArgumentKind.DefaultValue
                ? (parameter.HasExplicitDefaultValue ? parameter.ExplicitDefaultValue : null)
                : Constant(argument.Value);
            if (value is null && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                ReportNonConstant(argument.Syntax, parameter.Name, methodName);
                ok = false;
                continue;
            }
            arguments.Add(new DslArgument(parameter.Name, DslValue.Of(value), SourceLocation.From(argument.Syntax)));
        }
        return ok ? arguments.ToEquatableArray() : null;
    }

    /// <summary>
    /// DCR0046 when a Module factory returns a module that already exists (a field, local or parameter): every network
    /// built from the architecture would share that one module and its parameters.
    /// </summary>
    private void ReportSharedModule(IOperation factory)
    {
        if (factory is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Syntax: LambdaExpressionSyntax { ExpressionBody: { } body } } }) return;
        var symbol = ModelFor(body).GetSymbolInfo(body, cancellationToken).Symbol;
        if (symbol is IFieldSymbol or ILocalSymbol or IParameterSymbol)
            Report(DiagnosticDescriptors.SharedUserModule, body, body.ToString());
    }

    /// <summary>
    /// DCR0045 when <paramref name="invocation"/> is a <c>Layers.Module</c> call that does not bind because its factory
    /// makes something other than a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c>.
    /// </summary>
    private void ReportModuleType(InvocationExpressionSyntax invocation, SemanticModel model)
    {
        var candidates = model.GetSymbolInfo(invocation, cancellationToken).CandidateSymbols;
        if (!candidates.OfType<IMethodSymbol>().Any(m => m.Name == "Module" && IsDsl(m.ContainingType))) return;
        var factory = invocation.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon is null || a.NameColon.Name.Identifier.ValueText == "create");
        if (factory is null || Made(factory.Expression, model) is not { TypeKind: not TypeKind.Error } made) return;
        var stage = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`2");
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        if (stage is null || tensor is null) return;
        INamedTypeSymbol? torchModule = null;
        for (var type = made as INamedTypeSymbol; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, stage)
                && type.TypeArguments.All(t => SymbolEqualityComparer.Default.Equals(t, tensor))) return;
            if (torchModule is null && type.ContainingType is { Name: "nn" } && type.Name == "Module" && type.IsGenericType) torchModule = type;
        }
        string what = torchModule is not null ? "a " + torchModule.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
            : made is INamedTypeSymbol { TypeKind: TypeKind.Class } && InheritsModule(made) ? "a TorchSharp module without a single-tensor forward"
            : "not a TorchSharp module";
        Report(DiagnosticDescriptors.UserModuleType, factory.Expression, made.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), what);
    }

    /// <summary>What a factory expression makes: a lambda's expression body, a method group's return type, a delegate's.</summary>
    private ITypeSymbol? Made(ExpressionSyntax factory, SemanticModel model)
    {
        if (factory is LambdaExpressionSyntax lambda)
            return lambda.ExpressionBody is { } body ? model.GetTypeInfo(body, cancellationToken).Type : null;
        if (model.GetTypeInfo(factory, cancellationToken).Type is INamedTypeSymbol { DelegateInvokeMethod: { } invoke })
            return invoke.ReturnType;
        var info = model.GetSymbolInfo(factory, cancellationToken);
        return (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is IMethodSymbol method ? method.ReturnType : null;
    }

    private static bool InheritsModule(ITypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.Name == "Module" && t.ContainingType is { Name: "nn" }) return true;
        return false;
    }

    private static object? Constant(IOperation operation)
        => operation.ConstantValue.HasValue ? operation.ConstantValue.Value : null;

    private void ReportNonConstant(SyntaxNode node, string parameter, string method)
    {
        // The argument syntax of a named argument includes "name:"; squiggle only the value.
        var target = node is ArgumentSyntax { Expression: var value } ? value : node;
        Report(DiagnosticDescriptors.NonConstantArgument, target, parameter, method);
    }

    private bool IsDsl(INamedTypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, layersType);

    private SemanticModel ModelFor(SyntaxNode node)
    {
        if (!models.TryGetValue(node.SyntaxTree, out var model))
            models[node.SyntaxTree] = model = compilation.GetSemanticModel(node.SyntaxTree);
        return model;
    }

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments)
        => diagnostics.Add(DiagnosticInfo.Create(descriptor, SourceLocation.From(node), arguments));
}
