using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DslCrossReg.Shapes;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DslCrossReg.Interop;

/// <summary>The file format of a PyTorch state dict.</summary>
public enum PyTorchWeightFormat
{
    /// <summary>From the file's extension: <c>.safetensors</c>, or <c>.pt</c>, <c>.pth</c>, <c>.bin</c> for <see cref="Pickle"/>.</summary>
    FromExtension,

    /// <summary>What <c>torch.save(model.state_dict(), path)</c> writes: a zip of a pickle and the tensors' bytes.</summary>
    Pickle,

    /// <summary>Hugging Face's safetensors: a JSON header, then the tensors' raw bytes.</summary>
    Safetensors,
}

/// <summary>
/// A PyTorch state dict that does not fit a network: every missing, unexpected and mis-shaped key is listed, and the
/// network was not changed.
/// </summary>
public sealed class PyTorchWeightsException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public PyTorchWeightsException(string path, string problem, Exception? inner = null)
        : this(path, problem, Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), inner)
    {
    }

    internal PyTorchWeightsException(string path, string problem, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<string> misshaped, Exception? inner = null)
        : base($"PyTorch weights '{path}': {problem}", inner)
    {
        Path = path;
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        MisshapedKeys = misshaped;
    }

    /// <summary>The weights file.</summary>
    public string Path { get; }

    /// <summary>The network's keys (its own names) that the file has no tensor for.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>The file's keys (as the file names them) that match nothing in the network.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>The file's keys whose shape or element type differs from the network's tensor.</summary>
    public IReadOnlyList<string> MisshapedKeys { get; }
}

/// <summary>
/// PyTorch state dicts in and out of any TorchSharp module, a generated <c>[Network]</c> or a system's member
/// included: <c>.pt</c> as <c>torch.save(model.state_dict(), …)</c> writes it, and safetensors (read and written
/// by TorchSharp.PyBridge). Names are mapped by prefix, from PyTorch's to the network's (<c>{"fc1": "linear0"}</c>);
/// a key that no prefix matches keeps its name. See docs/pytorch-interop.md.
/// </summary>
public static class PyTorchWeights
{
    /// <summary>
    /// Loads a PyTorch state dict into <paramref name="module"/>'s parameters and buffers. Every key and shape is
    /// compared first: a file that does not fit throws one <see cref="PyTorchWeightsException"/> listing every
    /// missing, unexpected and mis-shaped key, and leaves the module as it was.
    /// </summary>
    /// <param name="module">The network (any TorchSharp module); its device is kept.</param>
    /// <param name="path">The <c>.pt</c> / <c>.pth</c> / <c>.bin</c> or <c>.safetensors</c> file.</param>
    /// <param name="names">PyTorch name prefix → the network's (<c>{"fc1": "linear0"}</c>; <see cref="SequentialNames"/>
    /// for an <c>nn.Sequential</c>); null keeps the file's names.</param>
    /// <param name="format">The file's format; by default from its extension.</param>
    public static void LoadPyTorchWeights(this nn.Module module, string path, IReadOnlyDictionary<string, string>? names = null,
        PyTorchWeightFormat format = PyTorchWeightFormat.FromExtension)
    {
        ArgumentErrors.NotNull(module);
        ArgumentErrors.NotNullOrEmpty(path);
        var resolved = Resolve(path, format);
        var map = new NameMap(names);

        Dictionary<string, Tensor> file = Read(path, resolved);
        try
        {
            var target = module.state_dict();
            List<string> missing = [], unexpected = [], misshaped = [];
            List<string> missingKeys = [], unexpectedKeys = [], misshapedKeys = [];
            var pairs = new List<(Tensor Target, Tensor Source)>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);

            foreach (var (fileKey, source) in file.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                string ours = map.ToOurs(fileKey);
                string shown = ours == fileKey ? fileKey : fileKey + " (as " + ours + ")";
                if (!target.TryGetValue(ours, out var tensor))
                {
                    unexpected.Add(shown);
                    unexpectedKeys.Add(fileKey);
                    continue;
                }
                if (seen.TryGetValue(ours, out var first))
                {
                    unexpected.Add(shown + ", also given by " + first);
                    unexpectedKeys.Add(fileKey);
                    continue;
                }
                seen[ours] = fileKey;
                if (!tensor.shape.SequenceEqual(source.shape) || tensor.dtype != source.dtype)
                {
                    misshaped.Add(shown + ": file " + Describe(source) + ", network " + Describe(tensor));
                    misshapedKeys.Add(fileKey);
                    continue;
                }
                pairs.Add((tensor, source));
            }
            foreach (var (key, tensor) in target.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!seen.ContainsKey(key))
                {
                    missing.Add(key + " " + Describe(tensor));
                    missingKeys.Add(key);
                }
            }

            if (missing.Count + unexpected.Count + misshaped.Count > 0)
            {
                var text = new StringBuilder();
                text.Append("does not fit ").Append(module.GetName()).Append("; nothing was loaded.");
                AppendList(text, "Missing (in the network, not in the file)", missing);
                AppendList(text, "Unexpected (in the file, not in the network)", unexpected);
                AppendList(text, "Mis-shaped", misshaped);
                if (unexpected.Count > 0 && map.IsEmpty)
                    text.Append("\nThe network's names are ").Append(string.Join(", ", target.Keys.Select(k => k.Split('.')[0]).Distinct()))
                        .Append("; pass names (PyTorch prefix → ours, or PyTorchWeights.SequentialNames(network)) where the file's differ.");
                throw new PyTorchWeightsException(path, text.ToString(), missingKeys, unexpectedKeys, misshapedKeys);
            }

            using (no_grad())
            {
                foreach (var (tensor, source) in pairs)
                    tensor.copy_(source);
            }
        }
        finally
        {
            foreach (var tensor in file.Values)
                tensor.Dispose();
        }
    }

    /// <summary>
    /// Writes <paramref name="module"/>'s parameters and buffers as a PyTorch state dict that
    /// <c>model.load_state_dict(torch.load(path))</c> (or safetensors' <c>load_file</c>) reads, with the names mapped
    /// by <paramref name="names"/> the same way <see cref="LoadPyTorchWeights"/> reads them. The file is written
    /// beside the target and renamed over it, so a failure leaves an existing file as it was.
    /// </summary>
    /// <param name="module">The network (any TorchSharp module, on any device).</param>
    /// <param name="path">The <c>.pt</c> / <c>.pth</c> / <c>.bin</c> or <c>.safetensors</c> file to write.</param>
    /// <param name="names">PyTorch name prefix → the network's, as for loading; null writes the network's names.</param>
    /// <param name="format">The format to write; by default from the extension.</param>
    public static void SavePyTorchWeights(this nn.Module module, string path, IReadOnlyDictionary<string, string>? names = null,
        PyTorchWeightFormat format = PyTorchWeightFormat.FromExtension)
    {
        ArgumentErrors.NotNull(module);
        ArgumentErrors.NotNullOrEmpty(path);
        var resolved = Resolve(path, format);
        var map = new NameMap(names);

        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in module.state_dict())
        {
            string theirs = map.ToPyTorch(key);
            if (!state.TryAdd(theirs, tensor))
                throw ArgumentErrors.Invalid($"Two of {module.GetName()}'s tensors would both be saved as '{theirs}'; check names.", nameof(names));
        }

        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temporary = System.IO.Path.Combine(directory, "." + System.IO.Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                if (resolved == PyTorchWeightFormat.Safetensors)
                    Safetensors.SaveStateDict(stream, state, leaveOpen: true);
                else
                    PyTorchPickler.PickleStateDict(stream, state, leaveOpen: true);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        // TorchSharp.PyBridge's writers throw NotImplementedException for an element type they cannot write: that is a
        // refusal of this file, reported like a failed write, not a missing feature of ours.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotImplementedException)
        {
            TryDelete(temporary);
            throw new PyTorchWeightsException(path, "could not be written: " + e.Message, e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The names an <c>nn.Sequential</c> of the same layers gives, for <see cref="LoadPyTorchWeights"/> and
    /// <see cref="SavePyTorchWeights"/>: each top-level layer's position after <c>Input</c> mapped to its name
    /// (<c>{"0": "conv0", "4": "fc1"}</c>), for the layers with parameters or buffers. A Residual's layers have no
    /// <c>nn.Sequential</c> name: map them yourself.
    /// </summary>
    /// <param name="module">A network declared with the DSL: a generated <c>[Network]</c> or an <see cref="InterpretedNetwork"/>.</param>
    public static IReadOnlyDictionary<string, string> SequentialNames(this nn.Module module)
    {
        ArgumentErrors.NotNull(module);
        if (module is not IDeclaredNetwork declared)
            throw ArgumentErrors.Invalid(
                $"{module.GetType().Name} is not a network declared with the DSL (a generated [Network] or an InterpretedNetwork), so its layers' positions are unknown; write the names map yourself.",
                nameof(module));
        var prefixes = new HashSet<string>(module.state_dict().Keys.Select(key => key.Split('.')[0]), StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var layers = declared.Architecture.Specs;
        for (int i = 1; i < layers.Length; i++)
        {
            string name = LayerNames.Of(layers[i], i - 1);
            if (layers[i].Kind != LayerKind.Residual && prefixes.Contains(name))
                names[(i - 1).ToString(CultureInfo.InvariantCulture)] = name;
        }
        return names;
    }

    private static PyTorchWeightFormat Resolve(string path, PyTorchWeightFormat format)
    {
        if (format is PyTorchWeightFormat.Pickle or PyTorchWeightFormat.Safetensors)
            return format;
        if (format != PyTorchWeightFormat.FromExtension)
            throw ArgumentErrors.OutOfRange(nameof(format), format, "format must be FromExtension, Pickle or Safetensors.");
        string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".safetensors" => PyTorchWeightFormat.Safetensors,
            ".pt" or ".pth" or ".bin" => PyTorchWeightFormat.Pickle,
            _ => throw ArgumentErrors.Invalid(
                $"'{path}': the extension '{extension}' names no PyTorch weights format (.pt, .pth, .bin, .safetensors); pass format.", nameof(path)),
        };
    }

    private static Dictionary<string, Tensor> Read(string path, PyTorchWeightFormat format)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"PyTorch weights '{path}' do not exist.", path);
        try
        {
            if (format == PyTorchWeightFormat.Safetensors)
                return Safetensors.LoadStateDict(path);

            Hashtable table;
            using (var stream = File.OpenRead(path))
                table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is string key && entry.Value is Tensor tensor)
                    result[key] = tensor;
            }
            return result;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string what = format == PyTorchWeightFormat.Safetensors ? "safetensors" : "a PyTorch state dict (torch.save)";
            throw new PyTorchWeightsException(path, $"cannot be read as {what}: {e.Message}", e);
        }
    }

    private static string Describe(Tensor tensor)
        => "[" + string.Join(", ", tensor.shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]"
           + (tensor.dtype == ScalarType.Float32 ? string.Empty : " " + tensor.dtype);

    private static void AppendList(StringBuilder text, string title, List<string> keys)
    {
        if (keys.Count == 0)
            return;
        text.Append('\n').Append(title).Append(':');
        foreach (var key in keys)
            text.Append("\n  ").Append(key);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Prefix renaming in both directions; the longest matching prefix wins.</summary>
    private sealed class NameMap
    {
        private readonly KeyValuePair<string, string>[] toOurs;
        private readonly KeyValuePair<string, string>[] toPyTorch;

        public NameMap(IReadOnlyDictionary<string, string>? names)
        {
            names ??= new Dictionary<string, string>();
            foreach (var (theirs, ours) in names)
            {
                if (string.IsNullOrEmpty(theirs) || string.IsNullOrEmpty(ours))
                    throw ArgumentErrors.Invalid("names must not map an empty name (PyTorch prefix → the network's).", nameof(names));
            }
            var duplicate = names.GroupBy(e => e.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw ArgumentErrors.Invalid(
                    $"names maps {string.Join(" and ", duplicate.Select(e => "'" + e.Key + "'"))} to the same name '{duplicate.Key}'.", nameof(names));
            toOurs = names.OrderByDescending(e => e.Key.Length).ToArray();
            toPyTorch = names.Select(e => new KeyValuePair<string, string>(e.Value, e.Key)).OrderByDescending(e => e.Key.Length).ToArray();
        }

        public bool IsEmpty => toOurs.Length == 0;

        public string ToOurs(string key) => Rename(key, toOurs);

        public string ToPyTorch(string key) => Rename(key, toPyTorch);

        private static string Rename(string key, KeyValuePair<string, string>[] prefixes)
        {
            foreach (var (from, to) in prefixes)
            {
                if (key.Length > from.Length && key[from.Length] == '.' && key.StartsWith(from, StringComparison.Ordinal))
                    return to + key[from.Length..];
                if (key == from)
                    return to;
            }
            return key;
        }
    }
}
