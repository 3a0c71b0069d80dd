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
/// buffers, every optimizer's state, the step counter (the warm-up position follows from it) and the random
/// generator's state (dropout and anything else drawn during training). Generated <c>Save</c>/<c>Load</c> describe
/// their modules to it; it does the rest.
/// </summary>
public sealed class SystemState
{
    private readonly string system;
    private readonly string declarationHash;
    private readonly IReadOnlyList<(string Name, nn.Module Module, bool Frozen)> modules;
    private readonly IReadOnlyList<(string Name, optim.Optimizer Optimizer)> optimizers;
    private readonly Func<long> getSteps;
    private readonly Action<long> setSteps;

    /// <summary>Describes a system's state.</summary>
    public SystemState(
        string system,
        string declarationHash,
        IReadOnlyList<(string Name, nn.Module Module, bool Frozen)> modules,
        IReadOnlyList<(string Name, optim.Optimizer Optimizer)> optimizers,
        Func<long> getSteps,
        Action<long> setSteps)
    {
        this.system = system;
        this.declarationHash = declarationHash;
        this.modules = modules;
        this.optimizers = optimizers;
        this.getSteps = getSteps;
        this.setSteps = setSteps;
    }

    /// <summary>
    /// Saves atomically to <paramref name="path"/>. With <paramref name="includeFrozen"/> false, a frozen member is
    /// kept by reference: only a SHA-256 fingerprint of its parameters is stored, Load leaves the member as it is and
    /// refuses the checkpoint unless the member now loaded (from its own checkpoint) is the one it was trained with.
    /// </summary>
    public void Save(string path, bool includeFrozen = true)
        => CheckpointFile.WriteAtomically(path, Capture(includeFrozen).ToBytes());

    /// <summary>
    /// Loads <paramref name="path"/>. The file is verified first; if any entry then fails to load, the state taken
    /// just before is restored, so a failed load changes nothing.
    /// </summary>
    public void Load(string path)
    {
        var checkpoint = CheckpointFile.Read(path, system, declarationHash);
        var backup = Capture(includeFrozen: true);
        try
        {
            Restore(checkpoint, path);
        }
        catch (Exception exception)
        {
            Restore(backup, path);
            throw exception as CheckpointException ?? new CheckpointException(path, "could not be loaded; the system is unchanged (" + exception.Message + ")", exception);
        }
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
        entries["steps"] = BitConverter.GetBytes(getSteps());
        using (var rng = torch.get_rng_state())
            entries["rng"] = rng.data<byte>().ToArray();
        return new CheckpointFile(system, declarationHash, entries);
    }

    private void Restore(CheckpointFile checkpoint, string path)
    {
        // Frozen members kept by reference are checked before anything is loaded.
        foreach (var (name, module, frozen) in modules)
        {
            if (!frozen || checkpoint.Entries.ContainsKey("module:" + name)) continue;
            if (!checkpoint.Entries.TryGetValue("frozen:" + name, out var fingerprint))
                throw new CheckpointException(path, $"has no entry for frozen member '{name}'");
            if (!SHA256.HashData(Serialize(module)).AsSpan().SequenceEqual(fingerprint))
                throw new CheckpointException(path, $"was saved against another '{name}': the frozen member now loaded differs from the one it was trained with (load that member's own checkpoint first)");
        }
        foreach (var (name, module, frozen) in modules)
        {
            if (!checkpoint.Entries.TryGetValue("module:" + name, out var bytes))
            {
                if (frozen) continue;
                throw new CheckpointException(path, $"has no entry for member '{name}'");
            }
            using var stream = new MemoryStream(bytes, writable: false);
            module.load(stream, strict: true);
        }
        foreach (var (name, optimizer) in optimizers)
        {
            using var reader = new BinaryReader(new MemoryStream(checkpoint.Require("optimizer:" + name, path), writable: false));
            Helper(optimizer, name).load_state_dict(reader);
        }
        var steps = checkpoint.Require("steps", path);
        if (steps.Length != sizeof(long)) throw new CheckpointException(path, "has a malformed step counter");
        setSteps(BitConverter.ToInt64(steps));
        var rng = checkpoint.Require("rng", path);
        using var state = torch.tensor(rng, ScalarType.Byte);
        torch.set_rng_state(state);
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
