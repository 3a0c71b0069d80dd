using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace DslCrossReg.Training;

/// <summary>
/// A system's loss terms by name, in the order they were added: what <see cref="LossBreakdown.Terms"/> and
/// <see cref="StepResult.Terms"/> hold. A read-only dictionary over two arrays of the size the system declares, made
/// once per step: a <see cref="Dictionary{TKey, TValue}"/> allocates several times as much for a handful of terms, and
/// lookups by name here compare a few strings. Names are unique (the generator names every term once).
/// </summary>
/// <typeparam name="T">A term's value: a scalar tensor, or its value as a double.</typeparam>
public sealed class NamedTerms<T> : IReadOnlyDictionary<string, T>
{
    private readonly string[] names;
    private readonly T[] values;
    private int count;

    /// <summary>An empty set with room for <paramref name="capacity"/> terms.</summary>
    public NamedTerms(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        names = capacity == 0 ? Array.Empty<string>() : new string[capacity];
        values = capacity == 0 ? Array.Empty<T>() : new T[capacity];
    }

    private NamedTerms(string[] names, T[] values, int count)
    {
        this.names = names;
        this.values = values;
        this.count = count;
    }

    /// <summary>Adds a term; its name must not be there yet, and the set must have room.</summary>
    public void Add(string name, T value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IndexOf(name) >= 0) throw new ArgumentException($"The term '{name}' is already there.", nameof(name));
        if (count == names.Length) throw new InvalidOperationException($"No room for the term '{name}': the set holds {names.Length} terms.");
        names[count] = name;
        values[count] = value;
        count++;
    }

    /// <summary>The same names, in the same order, with each value mapped by <paramref name="map"/>.</summary>
    public NamedTerms<TResult> Select<TResult>(Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var mapped = count == 0 ? Array.Empty<TResult>() : new TResult[count];
        for (int i = 0; i < count; i++) mapped[i] = map(values[i]);
        // The names array is shared: neither set changes once built.
        return new NamedTerms<TResult>(names, mapped, count);
    }

    /// <inheritdoc />
    public int Count => count;

    /// <inheritdoc />
    public T this[string key] => IndexOf(key) is var i and >= 0 ? values[i] : throw new KeyNotFoundException($"No term is named '{key}'.");

    /// <inheritdoc />
    public IEnumerable<string> Keys
    {
        get
        {
            for (int i = 0; i < count; i++) yield return names[i];
        }
    }

    /// <inheritdoc />
    public IEnumerable<T> Values
    {
        get
        {
            for (int i = 0; i < count; i++) yield return values[i];
        }
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? values[i] : default!;
        return i >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        for (int i = 0; i < count; i++) yield return new KeyValuePair<string, T>(names[i], values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (int i = 0; i < count; i++)
            if (string.Equals(names[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }
}
