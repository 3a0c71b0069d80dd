using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DslCrossReg.Checkpoints;

/// <summary>
/// Everything a generated system needs to resume exactly: every member's and the discriminator's parameters and
/// buffers, every optimizer's state, the step counter (the warm-up position follows from it), the cross terms'
/// weight scales and the random generator's state (dropout and anything else drawn during training). Generated
/// <c>Save</c>/<c>Load</c> describe their modules to it; it does the rest.
/// </summary>
public sealed class SystemState
{
    private readonly string system;
    private readonly string declarationHash;
    private readonly IReadOnlyList<(string Name, nn.Module Module, bool Frozen)> modules;
    private readonly IReadOnlyList<(string Name, optim.Optimizer Optimizer)> optimizers;
    private readonly Func<long> getSteps;
    private readonly Action<long> setSteps;
    private readonly double[] termWeightScales;
    private const string StepsEntry = "steps";
    private const string RngEntry = "rng";
    private const string ScalesEntry = "term-scales";

    /// <summary>
    /// Describes a system's state. <paramref name="termWeightScales"/>, when given, holds the multipliers of its cross
    /// terms' weights (<c>SetTermWeightScale</c>), one slot per term in the system's own order: saved in the
    /// <c>term-scales</c> entry and written back into the same array on load.
    /// </summary>
    public SystemState(
        string system,
        string declarationHash,
        IReadOnlyList<(string Name, nn.Module Module, bool Frozen)> modules,
        IReadOnlyList<(string Name, optim.Optimizer Optimizer)> optimizers,
        Func<long> getSteps,
        Action<long> setSteps,
        double[]? termWeightScales = null)
    {
        this.system = system;
        this.declarationHash = declarationHash;
        this.modules = modules;
        this.optimizers = optimizers;
        this.getSteps = getSteps;
        this.setSteps = setSteps;
        this.termWeightScales = termWeightScales ?? Array.Empty<double>();
    }

    /// <summary>
    /// Saves atomically to <paramref name="path"/>. With <paramref name="includeFrozen"/> false, a frozen member is
    /// kept by reference: only a SHA-256 fingerprint of its parameters is stored, Load leaves the member as it is and
    /// refuses the checkpoint unless the member now loaded (from its own checkpoint) is the one it was trained with.
    /// </summary>
    public void Save(string path, bool includeFrozen = true)
        => CheckpointFile.WriteAtomically(path, Capture(includeFrozen).ToBytes());

    /// <summary>
    /// Saves atomically, as <see cref="Save(string, bool)"/>, with a training loop's position in the optional
    /// <see cref="LoopPosition.EntryName"/> entry (none when <paramref name="position"/> is null).
    /// </summary>
    public void Save(string path, bool includeFrozen, LoopPosition? position)
    {
        var file = Capture(includeFrozen);
        if (position is not null)
        {
            var entries = new Dictionary<string, byte[]>(file.Entries, StringComparer.Ordinal) { [LoopPosition.EntryName] = position.ToBytes() };
            file = new CheckpointFile(system, declarationHash, entries);
        }
        CheckpointFile.WriteAtomically(path, file.ToBytes());
    }

    /// <summary>
    /// Loads <paramref name="path"/>. The file is verified first (checksum, header, entry table), then every entry is
    /// checked against the system's own current state (same entries, same tensor names, element types and shapes,
    /// step counts not negative, optimizer hyperparameters finite and in range, a random-generator state libtorch
    /// accepts) before anything is loaded; if an entry then still fails to load, the state taken just before is
    /// restored. Only <see cref="CheckpointException"/> escapes, and when it does the system is unchanged.
    /// </summary>
    public void Load(string path) => LoadWithPosition(path);

    /// <summary>
    /// Loads <paramref name="path"/> exactly as <see cref="Load"/> does and returns the training loop's position saved
    /// with it, or null when the checkpoint has none. The position is checked with everything else before anything
    /// is loaded.
    /// </summary>
    public LoopPosition? LoadWithPosition(string path) => LoadChecked(path, positionRequired: false);

    /// <summary>
    /// Loads <paramref name="path"/> exactly as <see cref="Load"/> does to resume a training loop, and returns the
    /// loop's position saved with it. A checkpoint without one (saved by <c>Save</c>, not by a training loop) is
    /// refused with everything else that is checked before anything is loaded: the system is then unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">The checkpoint is refused; the system is unchanged.</exception>
    public LoopPosition LoadToResume(string path) => LoadChecked(path, positionRequired: true)!;

    private LoopPosition? LoadChecked(string path, bool positionRequired)
    {
        using var file = CheckpointReader.Open(path, system, declarationHash);
        var current = Capture(includeFrozen: true);
        LoopPosition? position;
        try
        {
            position = Check(file, current);
        }
        catch (EntryMismatchException mismatch)
        {
            throw new CheckpointException(path, mismatch.Message + "; nothing was loaded", mismatch);
        }
        if (position is null && positionRequired)
            throw new CheckpointException(path, "has no loop position: it was saved by the system's Save, not by a training loop (Fit), so there is no step to resume from; nothing was loaded");
        try
        {
            Apply(name => file.Contains(name) ? file.OpenEntry(name) : null, path);
        }
        catch (Exception exception)
        {
            Apply(name => current.Entries.TryGetValue(name, out var bytes) ? new MemoryStream(bytes, writable: false) : null, path);
            throw exception as CheckpointException ?? new CheckpointException(path, "could not be loaded; the system is unchanged (" + exception.Message + ")", exception);
        }
        return position;
    }

    private CheckpointFile Capture(bool includeFrozen)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, module, frozen) in modules)
        {
            byte[] bytes = Serialize(module);
            if (frozen && !includeFrozen) entries["frozen:" + name] = SHA256.HashData(bytes);
            else entries["module:" + name] = bytes;
        }
        foreach (var (name, optimizer) in optimizers)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                Helper(optimizer, name).save_state_dict(writer);
            entries["optimizer:" + name] = stream.ToArray();
        }
        entries[StepsEntry] = BitConverter.GetBytes(getSteps());
        if (termWeightScales.Length > 0)
        {
            var scales = new byte[termWeightScales.Length * sizeof(double)];
            for (int i = 0; i < termWeightScales.Length; i++) BitConverter.TryWriteBytes(scales.AsSpan(i * sizeof(double)), termWeightScales[i]);
            entries[ScalesEntry] = scales;
        }
        using (var rng = torch.get_rng_state())
            entries[RngEntry] = rng.data<byte>().ToArray();
        return new CheckpointFile(system, declarationHash, entries);
    }

    /// <summary>
    /// Checks every entry of <paramref name="file"/> against <paramref name="current"/>, the system's own state, and
    /// throws <see cref="CheckpointException"/> or <see cref="EntryMismatchException"/> at the first problem.
    /// </summary>
    private LoopPosition? Check(CheckpointReader file, CheckpointFile current)
    {
        string path = file.Path;
        var expected = new HashSet<string>(StringComparer.Ordinal) { StepsEntry, RngEntry, LoopPosition.EntryName };
        if (termWeightScales.Length > 0) expected.Add(ScalesEntry);
        foreach (var (name, module, frozen) in modules)
        {
            string entry = "module:" + name;
            if (!file.Contains(entry))
            {
                if (!frozen) throw new CheckpointException(path, $"has no entry for member '{name}'");
                // A frozen member kept by reference must be the one now loaded.
                string reference = "frozen:" + name;
                if (!file.Contains(reference)) throw new CheckpointException(path, $"has no entry for frozen member '{name}'");
                expected.Add(reference);
                byte[] fingerprint = file.ReadEntry(reference, SHA256.HashSizeInBytes);
                if (!SHA256.HashData(current.Entries[entry]).AsSpan().SequenceEqual(fingerprint))
                    throw new CheckpointException(path, $"was saved against another '{name}': the frozen member now loaded differs from the one it was trained with (load that member's own checkpoint first)");
                continue;
            }
            expected.Add(entry);
            using var stream = file.OpenEntry(entry);
            EntryCheck.Module(entry, current.Entries[entry], stream);
        }
        foreach (var (name, optimizer) in optimizers)
        {
            string entry = "optimizer:" + name;
            if (!file.Contains(entry)) throw new CheckpointException(path, $"has no entry '{entry}'");
            expected.Add(entry);
            using var stream = file.OpenEntry(entry);
            EntryCheck.Optimizer(entry, current.Entries[entry], stream, ParametersOf(name, optimizer));
        }
        foreach (string name in file.Names)
            if (!expected.Contains(name)) throw new CheckpointException(path, $"has an entry '{name}' that this system does not have");

        if (!file.Contains(StepsEntry)) throw new CheckpointException(path, $"has no entry '{StepsEntry}'");
        byte[] steps = file.ReadEntry(StepsEntry, sizeof(long));
        if (steps.Length != sizeof(long)) throw new CheckpointException(path, "has a malformed step counter");
        long count = BitConverter.ToInt64(steps);
        if (count < 0 || count > EntryCheck.MaximumSteps) throw new CheckpointException(path, $"has a step counter of {count}, outside 0..2^62");

        if (!file.Contains(RngEntry)) throw new CheckpointException(path, $"has no entry '{RngEntry}'");
        int size = current.Entries[RngEntry].Length;
        byte[] rng = file.ReadEntry(RngEntry, size);
        if (GeneratorState.Problem(rng, size) is { } problem)
            throw new CheckpointException(path, $"has a random-generator state that {problem}; nothing was loaded");

        // Optional: checkpoints saved before the scales were saved have none (the scales are then left as they are).
        if (file.Contains(ScalesEntry))
        {
            int length = termWeightScales.Length * sizeof(double);
            byte[] scales = file.ReadEntry(ScalesEntry, length);
            if (scales.Length != length)
                throw new CheckpointException(path, $"has {scales.Length} bytes of term weight scales where this system's {termWeightScales.Length} terms need {length}; nothing was loaded");
            for (int i = 0; i < termWeightScales.Length; i++)
            {
                double scale = ScaleAt(scales, i);
                if (!(scale >= 0) || double.IsInfinity(scale))
                    throw new CheckpointException(path, $"has a term weight scale of {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} (term {i}), not finite and 0 or more; nothing was loaded");
            }
        }

        // Optional: only a training loop's checkpoints have it.
        if (!file.Contains(LoopPosition.EntryName)) return null;
        var position = LoopPosition.Parse(file.ReadEntry(LoopPosition.EntryName, LoopPosition.Size), out string? loopProblem);
        if (position is null)
            throw new CheckpointException(path, $"has a loop position that {loopProblem}; nothing was loaded");
        return position;
    }

    /// <summary>The optimizer's parameters in its state order, named after the member's parameters where they match.</summary>
    private IReadOnlyList<(string Name, TensorSkeleton Skeleton)> ParametersOf(string name, optim.Optimizer optimizer)
    {
        var names = new Dictionary<IntPtr, string>();
        foreach (var (member, module, _) in modules)
            if (member == name)
                foreach (var (parameterName, parameter) in module.named_parameters())
                    names.TryAdd(parameter.Handle, parameterName);
        return Helper(optimizer, name).parameters()
            .Select((p, i) => (names.TryGetValue(p.Handle, out var n) ? n : "#" + i, new TensorSkeleton((long)p.dtype, p.shape)))
            .ToList();
    }

    /// <summary>Loads every entry <paramref name="open"/> gives (null: the file has none) into the system.</summary>
    private void Apply(Func<string, Stream?> open, string path)
    {
        foreach (var (name, module, frozen) in modules)
        {
            using var stream = open("module:" + name);
            if (stream is null)
            {
                if (frozen) continue;
                throw new CheckpointException(path, $"has no entry for member '{name}'");
            }
            module.load(stream, strict: true);
        }
        foreach (var (name, optimizer) in optimizers)
        {
            using var stream = open("optimizer:" + name) ?? throw new CheckpointException(path, $"has no entry 'optimizer:{name}'");
            using var reader = new BinaryReader(stream);
            Helper(optimizer, name).load_state_dict(reader);
        }
        setSteps(BitConverter.ToInt64(ReadAll(open(StepsEntry), path, StepsEntry)));
        if (termWeightScales.Length > 0 && open(ScalesEntry) is { } scalesStream)
        {
            byte[] scales = ReadAll(scalesStream, path, ScalesEntry);
            for (int i = 0; i < termWeightScales.Length; i++) termWeightScales[i] = ScaleAt(scales, i);
        }
        using var state = torch.tensor(ReadAll(open(RngEntry), path, RngEntry), ScalarType.Byte);
        torch.set_rng_state(state);
    }

    /// <summary>Term <paramref name="term"/>'s weight scale in a <c>term-scales</c> entry.</summary>
    private static double ScaleAt(byte[] scales, int term) => BitConverter.ToDouble(scales, term * sizeof(double));

    private static byte[] ReadAll(Stream? stream, string path, string name)
    {
        if (stream is null) throw new CheckpointException(path, $"has no entry '{name}'");
        using (stream)
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }

    private static byte[] Serialize(nn.Module module)
    {
        using var stream = new MemoryStream();
        module.save(stream);
        return stream.ToArray();
    }

    private static OptimizerHelper Helper(optim.Optimizer optimizer, string name)
        => optimizer as OptimizerHelper
           ?? throw new NotSupportedException($"The optimizer of '{name}' ({optimizer.GetType().Name}) cannot save its state.");
}
