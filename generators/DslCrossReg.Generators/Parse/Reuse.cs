using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslCrossReg.Generators.Parse;

/// <summary>
/// Hands back the result a declaration was parsed to in an earlier compilation when nothing that result can depend
/// on has changed since, so that typing in one file does not parse every network and system again.
/// <para>
/// <c>ForAttributeWithMetadataName</c> calls a transform again for every declaration after any edit anywhere, because
/// each edit makes a new compilation and its semantic model. The driver then finds the new result equal to the old
/// one and emits nothing; but reading a system binds its members' attributes, and that binding was most of a re-run.
/// A result is reused only when it is <em>closed</em> — it was read from its own syntax, literals and the DslCrossReg
/// metadata alone (a network whose pipeline the syntax reader read; a system whose attribute arguments are literals
/// or DslCrossReg enum members and whose member networks are closed) — and only while:
/// </para>
/// <list type="bullet">
/// <item>the files it was read from (its own parts, its member networks' parts) are unchanged, the same tree objects;</item>
/// <item>the compilation has the same references and options;</item>
/// <item>no file added, removed or edited since declares a type whose name appears in those files (or appears there
/// with "Attribute" dropped, as attribute names are looked up), nor brings into or out of existence a namespace so
/// named, nor declares the DslCrossReg namespace: such a declaration could change what a name binds to;</item>
/// <item>no such file holds a global using or an extension, which reach every file.</item>
/// </list>
/// The files our generators wrote are not counted as files read from, added or edited: they follow from the user's.
/// Anything else is parsed again, exactly as before. A test drives a generator through chains of random edits and
/// requires every run's output to equal a fresh driver's on the same compilation.
/// </summary>
internal static class Reuse
{
    private static readonly ConditionalWeakTable<Compilation, Snapshot> Snapshots = new();
    // One table per reader: the analyzer reads the compilation that holds the generated files, the generators the one
    // without them; sharing an entry would make each invalidate the other on every run.
    private static readonly ConditionalWeakTable<SyntaxNode, Slot>[] Entries = { new(), new() };
    private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> Facts = new();

    /// <summary>Names whose declaration anywhere invalidates every reused result (the runtime's namespace).</summary>
    private const string RuntimeNamespace = "DslCrossReg";

    /// <summary>
    /// The result of <paramref name="parse"/> for <paramref name="node"/> in <paramref name="compilation"/>: an earlier
    /// compilation's when it still holds, else a fresh one. <paramref name="parse"/> returns the result and, when the
    /// result is closed, the trees it was read from (null when it is not: it is then parsed again every time).
    /// </summary>
    public static T GetOrParse<T>(Reader reader, SyntaxNode node, Compilation compilation, Func<(T Result, IReadOnlyCollection<SyntaxTree>? Trees)> parse)
        where T : class
    {
        var now = SnapshotOf(compilation);
        var slot = Entries[(int)reader].GetValue(node, static _ => new Slot());
        var entry = slot.Entry;
        if (entry is not null && entry.Result is T cached && Valid(entry, now))
        {
            if (!ReferenceEquals(entry.Snapshot, now)) slot.Entry = entry with { Snapshot = now };
            return cached;
        }
        System.Threading.Interlocked.Increment(ref slot.Parses);
        var (result, trees) = parse();
        if (trees is null)
        {
            slot.Entry = null;
            return result;
        }
        // Our own generated files (the analyzer's compilation holds them) follow from the user's files: not read from.
        var read = trees.Append(node.SyntaxTree).Where(t => !GeneratedTrees.IsOurs(t)).Distinct().ToArray();
        // The names each file mentions are collected now, while parsing anyway, not on the next edit's re-run.
        foreach (var tree in read) FactsOf(tree).Identifiers();
        slot.Entry = new Entry(now, read, result);
        return result;
    }

    /// <summary>Whether <paramref name="node"/> has a closed result that holds in <paramref name="compilation"/>.</summary>
    public static bool IsClosed(Reader reader, SyntaxNode node, Compilation compilation, out IReadOnlyCollection<SyntaxTree> trees)
    {
        trees = Array.Empty<SyntaxTree>();
        if (!Entries[(int)reader].TryGetValue(node, out var slot) || slot.Entry is not { } entry || !Valid(entry, SnapshotOf(compilation))) return false;
        trees = entry.Trees;
        return true;
    }

    private static Snapshot SnapshotOf(Compilation compilation) => Snapshots.GetValue(compilation, static c => new Snapshot(c));

    private static bool Valid(Entry entry, Snapshot now)
    {
        var then = entry.Snapshot;
        if (ReferenceEquals(then, now)) return true;
        var changes = now.ChangesSince(then);
        if (!changes.SameSetup || changes.Global) return false;
        foreach (var tree in entry.Trees)
            if (!now.Trees.Contains(tree)) return false;
        foreach (var name in changes.Declared)
        {
            if (name == RuntimeNamespace) return false;
            foreach (var tree in entry.Trees)
                if (FactsOf(tree).Mentions(name)) return false;
        }
        return true;
    }

    private static TreeFacts FactsOf(SyntaxTree tree) => Facts.GetValue(tree, static t => new TreeFacts(t));

    /// <summary>How many times <paramref name="node"/> was parsed rather than reused (for tests).</summary>
    internal static int ParseCount(SyntaxNode node, Reader reader = Reader.Generator) => Entries[(int)reader].TryGetValue(node, out var slot) ? slot.Parses : 0;

    private sealed class Slot
    {
        public volatile Entry? Entry;
        public int Parses;
    }

    private sealed record Entry(Snapshot Snapshot, SyntaxTree[] Trees, object Result);

    /// <summary>What a compilation is made of, as far as reuse is concerned.</summary>
    private sealed class Snapshot
    {
        private readonly MetadataReference[] references;
        private readonly CompilationOptions options;
        private readonly ConditionalWeakTable<Snapshot, Changes> changes = new();
        private Dictionary<string, int>? namespaces;

        public Snapshot(Compilation compilation)
        {
            // The files our generators wrote are left out: they are made anew on every run from the user's files, whose
            // changes are what invalidates a result (the analyzer reads compilations that hold them, the generators not).
            Trees = new HashSet<SyntaxTree>(compilation.SyntaxTrees.Where(t => !GeneratedTrees.IsOurs(t)));
            references = compilation.References.ToArray();
            options = compilation.Options;
        }

        public HashSet<SyntaxTree> Trees { get; }

        /// <summary>Whether some file of this compilation declares the namespace <paramref name="fullName"/>.</summary>
        public bool DeclaresNamespace(string fullName)
        {
            var counts = namespaces;
            if (counts is null)
            {
                counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var tree in Trees)
                    foreach (var name in FactsOf(tree).Namespaces)
                        counts[name] = counts.TryGetValue(name, out int n) ? n + 1 : 1;
                namespaces = counts;
            }
            return counts.ContainsKey(fullName);
        }

        public bool SameSetupAs(Snapshot other)
        {
            if (!ReferenceEquals(options, other.options) && !options.Equals(other.options)) return false;
            if (references.Length != other.references.Length) return false;
            for (int i = 0; i < references.Length; i++)
                if (!ReferenceEquals(references[i], other.references[i])) return false;
            return true;
        }

        /// <summary>What the files added, removed or edited between <paramref name="earlier"/> and this snapshot declare.</summary>
        public Changes ChangesSince(Snapshot earlier) => changes.GetValue(earlier, e => new Changes(
            Trees.Where(t => !e.Trees.Contains(t)).Concat(e.Trees.Where(t => !Trees.Contains(t))).Select(FactsOf).ToList(), e, this));
    }

    private sealed class Changes
    {
        public Changes(List<TreeFacts> facts, Snapshot before, Snapshot after)
        {
            SameSetup = after.SameSetupAs(before);
            Global = facts.Any(f => f.Global);
            Declared = new HashSet<string>(facts.SelectMany(f => f.Declared), StringComparer.Ordinal);
            // A namespace the edited files declare matters only if it came into or went out of existence: files go on
            // declaring their own namespace, which every other file of it mentions.
            foreach (var name in facts.SelectMany(f => f.Namespaces).Distinct())
                if (before.DeclaresNamespace(name) != after.DeclaresNamespace(name))
                    Declared.Add(name.Substring(name.LastIndexOf('.') + 1));
        }

        /// <summary>Same references, same options.</summary>
        public bool SameSetup { get; }

        public bool Global { get; }

        public HashSet<string> Declared { get; }
    }

    /// <summary>The names a file declares and mentions, and whether it holds something that reaches every file.</summary>
    private sealed class TreeFacts
    {
        private readonly SyntaxNode root;
        private HashSet<string>? identifiers;

        public TreeFacts(SyntaxTree tree)
        {
            root = tree.GetRoot();
            foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                switch (node)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        string prefix = string.Join(".", ns.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(Dotted));
                        foreach (var part in Dotted(ns).Split('.'))
                        {
                            prefix = prefix.Length == 0 ? part : prefix + "." + part;
                            Namespaces.Add(prefix);
                        }
                        break;
                    case BaseTypeDeclarationSyntax type:
                        Declared.Add(type.Identifier.ValueText);
                        break;
                    case DelegateDeclarationSyntax @delegate:
                        Declared.Add(@delegate.Identifier.ValueText);
                        break;
                    case UsingDirectiveSyntax { GlobalKeyword.RawKind: not (int)SyntaxKind.None }:
                        Global = true;
                        break;
                    case MethodDeclarationSyntax { ParameterList.Parameters: { Count: > 0 } parameters } when parameters[0].Modifiers.Any(SyntaxKind.ThisKeyword):
                        Global = true;
                        break;
                    default:
                        if (ExtensionKinds.Contains(node.RawKind)) Global = true;
                        break;
                }
            }
        }

        /// <summary>The types and delegates the file declares, by simple name.</summary>
        public HashSet<string> Declared { get; } = new(StringComparer.Ordinal);

        /// <summary>The namespaces the file declares, by full name (<c>A</c> and <c>A.B</c> for <c>namespace A.B</c>).</summary>
        public HashSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

        public bool Global { get; }

        /// <summary>Whether a declaration named <paramref name="name"/> could change what a name in this file binds to.</summary>
        public bool Mentions(string name)
        {
            var names = Identifiers();
            return names.Contains(name)
                   || (name.Length > "Attribute".Length && name.EndsWith("Attribute", StringComparison.Ordinal)
                       && names.Contains(name.Substring(0, name.Length - "Attribute".Length)));
        }

        /// <summary>Every identifier the file mentions; collected on first use (only files that results were read from are asked).</summary>
        public HashSet<string> Identifiers()
        {
            var names = identifiers;
            if (names is null)
            {
                names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var token in root.DescendantTokens())
                    if (token.IsKind(SyntaxKind.IdentifierToken)) names.Add(token.ValueText);
                identifiers = names;
            }
            return names;
        }

        private static string Dotted(BaseNamespaceDeclarationSyntax ns)
            => string.Join(".", ns.Name.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
    }

    // C# 14's extension blocks, by name: the syntax kind is newer than some compilers this generator runs in.
    private static readonly HashSet<int> ExtensionKinds = new(Enum.GetValues(typeof(SyntaxKind)).Cast<SyntaxKind>()
        .Where(k => k.ToString().StartsWith("Extension", StringComparison.Ordinal) && k.ToString().EndsWith("Declaration", StringComparison.Ordinal))
        .Select(k => (int)k));
}
