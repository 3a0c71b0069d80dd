using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Tests.Training;

/// <summary>
/// The read-only map a step's terms are held in: it must answer every question exactly as the Dictionary it replaced
/// (order included: results, logs and CSV files list the terms in it), and refuse what a Dictionary would.
/// </summary>
public class NamedTermsTests
{
    private static readonly (string Name, double Value)[] Added =
    {
        ("Left.task", 0.5), ("Right.task", 0.25), ("EmbeddingDistance(Left,Right)", 1.5), ("Contrastive(Left,Right)", -2),
    };

    [Fact]
    public void Answers_as_a_dictionary_filled_in_the_same_order()
    {
        var terms = new NamedTerms<double>(Added.Length);
        var reference = new Dictionary<string, double>();
        foreach (var (name, value) in Added)
        {
            terms.Add(name, value);
            reference.Add(name, value);
        }

        Assert.Equal(reference.Count, terms.Count);
        Assert.Equal(reference.ToList(), terms.ToList());
        Assert.Equal(reference.Keys, terms.Keys);
        Assert.Equal(reference.Values, terms.Values);
        foreach (var (name, value) in Added)
        {
            Assert.Equal(value, terms[name]);
            Assert.True(terms.ContainsKey(name));
            Assert.True(terms.TryGetValue(name, out var found));
            Assert.Equal(value, found);
        }
        Assert.False(terms.ContainsKey("left.task"));
        Assert.False(terms.TryGetValue("Missing", out _));
        Assert.Contains("Missing", Assert.Throws<KeyNotFoundException>(() => terms["Missing"]).Message);
    }

    [Fact]
    public void Refuses_a_name_twice_and_a_term_beyond_its_capacity()
    {
        var terms = new NamedTerms<double>(2);
        terms.Add("A.task", 1);
        Assert.Contains("'A.task' is already there", Assert.Throws<ArgumentException>(() => terms.Add("A.task", 2)).Message);
        terms.Add("B.task", 2);
        Assert.Contains("holds 2 terms", Assert.Throws<InvalidOperationException>(() => terms.Add("C.task", 3)).Message);
        Assert.Equal(new[] { 1.0, 2.0 }, terms.Values);
    }

    [Fact]
    public void A_set_filled_below_its_capacity_lists_only_what_was_added()
    {
        var terms = new NamedTerms<double>(4);
        terms.Add("A.task", 1);
        Assert.Single(terms);
        Assert.Equal(new[] { "A.task" }, terms.Keys);
        Assert.Empty(new NamedTerms<double>(0));
    }

    [Fact]
    public void Select_keeps_the_names_and_their_order_and_maps_each_value()
    {
        var terms = new NamedTerms<double>(Added.Length);
        foreach (var (name, value) in Added) terms.Add(name, value);
        var doubled = terms.Select(v => v * 2);
        Assert.Equal(Added.Select(a => new KeyValuePair<string, double>(a.Name, a.Value * 2)), doubled);
    }

    [Fact]
    public void A_breakdown_reads_the_same_values_from_named_terms_as_from_a_dictionary()
    {
        using var scope = torch.NewDisposeScope();
        var named = new NamedTerms<Tensor>(Added.Length);
        var dictionary = new Dictionary<string, Tensor>();
        foreach (var (name, value) in Added)
        {
            var tensor = torch.tensor(value);
            named.Add(name, tensor);
            dictionary.Add(name, tensor);
        }
        var total = torch.tensor(0.0);
        var fromNamed = new LossBreakdown(total, named).ToDoubles();
        var fromDictionary = new LossBreakdown(total, dictionary).ToDoubles();
        Assert.Equal(Added.Select(a => new KeyValuePair<string, double>(a.Name, a.Value)), fromNamed);
        Assert.Equal(fromDictionary.ToList(), fromNamed.ToList());
    }
}
