using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DslCrossReg.Checkpoints;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// Checkpoints written by an attacker who recomputes the checksum: loading one either succeeds (and the system then
/// holds what the file said and can step) or throws <see cref="CheckpointException"/> and changes nothing (parameters,
/// buffers, optimizer state, step counter, random generator); it never throws anything else, aborts the process or
/// allocates far beyond the file's size. Saves killed part-way leave no temporaries behind the next save.
/// <para>
/// The fuzz runs <see cref="DefaultIterations"/> crafted files from <see cref="DefaultSeed"/>; set
/// <c>DSLCROSSREG_CHECKPOINT_FUZZ_ITERATIONS</c> for more and <c>DSLCROSSREG_CHECKPOINT_FUZZ_SEED</c> for another seed.
/// </para>
/// </summary>
public sealed class HostileCheckpointTests : IDisposable
{
    public const string IterationsVariable = "DSLCROSSREG_CHECKPOINT_FUZZ_ITERATIONS";
    public const string SeedVariable = "DSLCROSSREG_CHECKPOINT_FUZZ_SEED";
    private const int DefaultIterations = 2000;
    private const int DefaultSeed = 20261207;
    private const int Batch = 8;
    private const int GeneratorStateSize = 5056;
    private const long AllocationSlack = 1 << 20;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-hostile-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper output;

    public HostileCheckpointTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(directory);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static ResumablePair.Batch Data(int step)
    {
        var y = SyntheticBatches.Labels(500 + step, Batch, 3);
        return new ResumablePair.Batch(SyntheticBatches.Features(2 * step, Batch, 6), SyntheticBatches.Features((2 * step) + 1, Batch, 6), y, y);
    }

    // ---- Crafting files -------------------------------------------------------------------------------------------

    /// <summary>A legitimate checkpoint's entries, in file order, from a system that has stepped twice.</summary>
    private List<(string Name, byte[] Bytes)> ReferenceEntries()
    {
        string path = PathOf("reference.dcrckpt");
        using (var reference = new ResumablePair(seed: 77))
        {
            reference.Step(Data(7));
            reference.Step(Data(8));
            reference.Save(path);
        }
        var file = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash);
        File.Delete(path);
        return file.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)).ToList();
    }

    /// <summary>The checkpoint container around <paramref name="entries"/>, without its checksum.</summary>
    private static byte[] Content(IEnumerable<(string Name, byte[] Bytes)> entries, int? count = null)
    {
        var list = entries.ToList();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            CraftedCheckpoint.WriteHeader(writer, count ?? list.Count);
            foreach (var (name, bytes) in list)
            {
                writer.Write(name);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
        }
        return stream.ToArray();
    }

    private static byte[] Sealed(byte[] content) => CraftedCheckpoint.Sealed(content);

    private static byte[] Splice(byte[] bytes, int offset, int remove, byte[] insert)
        => bytes[..offset].Concat(insert).Concat(bytes[(offset + remove)..]).ToArray();

    private static byte[] Leb128(long value)
    {
        var bytes = new List<byte>();
        for (ulong v = (ulong)value; ; v >>= 7)
        {
            if (v < 0x80)
            {
                bytes.Add((byte)v);
                return bytes.ToArray();
            }
            bytes.Add((byte)((v & 0x7f) | 0x80));
        }
    }

    /// <summary>One tensor of a module entry, as TorchSharp writes it.</summary>
    private sealed record SavedTensor(string Name, long DType, long[] Shape, byte[] Data);

    /// <summary>The tensors of a module, read from the module itself (not from a file).</summary>
    private static List<SavedTensor> TensorsOf(torch.nn.Module module)
        => module.state_dict().Select(kv => new SavedTensor(kv.Key, (long)kv.Value.dtype, kv.Value.shape, kv.Value.bytes.ToArray())).ToList();

    /// <summary>A module entry written the way <c>Module.save</c> writes one, with whatever skeleton the caller chose.</summary>
    private static byte[] ModuleEntry(IEnumerable<SavedTensor> tensors, long? count = null, long? rankOf0 = null)
    {
        var list = tensors.ToList();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Leb128(count ?? list.Count));
            for (int i = 0; i < list.Count; i++)
            {
                writer.Write(list[i].Name);
                writer.Write(Leb128(list[i].DType));
                writer.Write(Leb128(i == 0 && rankOf0 is { } rank ? rank : list[i].Shape.Length));
                foreach (long d in list[i].Shape) writer.Write(Leb128(d));
                writer.Write(list[i].Data);
            }
        }
        return stream.ToArray();
    }

    // ---- Observing the whole state --------------------------------------------------------------------------------

    /// <summary>Everything the system would save: parameters, buffers, optimizer state, step counter, generator.</summary>
    private Dictionary<string, byte[]> StateOf(ResumablePair system)
    {
        string path = PathOf("state.dcrckpt");
        system.Save(path);
        var entries = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash).Entries;
        File.Delete(path);
        return entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private static void AssertSameState(IReadOnlyDictionary<string, byte[]> expected, IReadOnlyDictionary<string, byte[]> actual, string context)
    {
        Assert.True(expected.Keys.OrderBy(k => k, StringComparer.Ordinal).SequenceEqual(actual.Keys.OrderBy(k => k, StringComparer.Ordinal)), context + ": entries differ");
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{context}: '{name}' is not what it should be");
    }

    /// <summary>
    /// Loads <paramref name="file"/> into <paramref name="system"/>: refused with a <see cref="CheckpointException"/>
    /// and nothing changed, or loaded with the state the file holds. Returns the exception, or null when it loaded.
    /// </summary>
    private CheckpointException? LoadHostile(ResumablePair system, byte[] file, string context)
    {
        string path = PathOf("hostile.dcrckpt");
        File.WriteAllBytes(path, file);
        var before = StateOf(system);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        Exception? thrown = null;
        try
        {
            system.Load(path);
        }
        catch (Exception exception)
        {
            thrown = exception;
        }
        long used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(used <= (4 * file.Length) + AllocationSlack, $"{context}: loading a {file.Length}-byte file allocated {used} bytes");
        if (thrown is not null)
        {
            Assert.True(thrown is CheckpointException, $"{context}: {thrown.GetType().Name} escaped Load: {thrown}");
            AssertSameState(before, StateOf(system), context + " (refused: " + thrown.Message + ")");
            return (CheckpointException)thrown;
        }
        var said = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash).Entries.ToDictionary(e => e.Key, e => e.Value);
        var now = StateOf(system);
        // libtorch keeps the generator's words as 32 bits and its cached normal sample in another form than it was
        // given: the generator is compared on what it keeps (seed, left, seeded, next, the low half of each word).
        Assert.True(GeneratorKeeps(said["rng"]).SequenceEqual(GeneratorKeeps(now["rng"])), context + " (loaded): the generator is not the file's");
        said["rng"] = now["rng"];
        // The term weight scales are optional (checkpoints of earlier versions have none): without them, they stay.
        if (!said.ContainsKey("term-scales")) said["term-scales"] = before["term-scales"];
        AssertSameState(said, now, context + " (loaded)");
        system.Step(Data(1));
        return null;
    }

    private static IEnumerable<uint> GeneratorKeeps(byte[] state)
        => Enumerable.Range(0, 6).Select(i => BitConverter.ToUInt32(state, 4 * i))
            .Concat(Enumerable.Range(0, 624).Select(i => BitConverter.ToUInt32(state, 24 + (8 * i))));

    private ResumablePair Target()
    {
        var system = new ResumablePair(seed: 5);
        torch.manual_seed(100);
        system.Step(Data(0));
        return system;
    }

    private void AssertRefused(byte[] file, string message)
    {
        using var system = Target();
        var error = LoadHostile(system, file, message);
        Assert.NotNull(error);
        Assert.Contains(message, error!.Message);
    }

    private byte[] WithEntry(string name, Func<byte[], byte[]> change)
        => Sealed(Content(ReferenceEntries().Select(e => e.Name == name ? (e.Name, change(e.Bytes)) : e)));

    // A module entry with one tensor name (a length-prefixed string, as BinaryWriter writes it) replaced.
    private static byte[] Renamed(byte[] entry, string from, string to)
    {
        byte[] Prefixed(string name) => new[] { (byte)name.Length }.Concat(Encoding.UTF8.GetBytes(name)).ToArray();
        byte[] old = Prefixed(from);
        int at = entry.AsSpan().IndexOf(old);
        Assert.True(at >= 0, $"'{from}' is not in the entry");
        return Splice(entry, at, old.Length, Prefixed(to));
    }

    [Fact]
    public void A_checkpoint_from_before_tapped_layers_were_named_after_their_taps_is_refused_by_name_with_the_reason()
        // DroppyEncoder's layer 3 is Linear(4).Tap("embedding"): 'linear3' by position, 'embedding' by its tap.
        => AssertRefused(
            WithEntry("module:A", b => Renamed(Renamed(b, "embedding.weight", "linear3.weight"), "embedding.bias", "linear3.bias")),
            "has 'linear3.weight' as the name of tensor #2 where the declared system has 'embedding.weight'; a layer is named by "
            + ".Named(...), else by its tap, else by its kind and position, so naming, tapping or moving a layer renames its tensors");

    // ---- Regressions, one per known attack ------------------------------------------------------------------------

    [Fact]
    public void The_test_serializer_writes_modules_exactly_as_TorchSharp_does()
    {
        using var system = new ResumablePair(seed: 3);
        var saved = StateOf(system);
        Assert.Equal(saved["module:A"], ModuleEntry(TensorsOf(system.A)));
        Assert.Equal(saved["module:B"], ModuleEntry(TensorsOf(system.B)));
    }

    [Fact]
    public void A_generator_state_of_the_wrong_size_is_refused_without_reaching_libtorch()
    {
        AssertRefused(WithEntry("rng", b => b[..^8]), $"has a random-generator state that is {GeneratorStateSize - 8} bytes where the generator's state is {GeneratorStateSize}");
        AssertRefused(WithEntry("rng", b => b.Concat(new byte[8]).ToArray()), $"entry 'rng' is {GeneratorStateSize + 8} bytes; at most {GeneratorStateSize} are possible");
    }

    [Theory]
    [InlineData(8, 0, "has 0 values left, outside 1..624")]
    [InlineData(8, 625, "has 625 values left")]
    [InlineData(12, 0, "is not a seeded generator (seeded = 0)")]
    [InlineData(16, 625, "has next = 625")]
    [InlineData(5040, 2, "has normal_is_valid = 2")]
    public void An_invalid_generator_state_is_refused_without_reaching_libtorch(int offset, int value, string message)
        => AssertRefused(WithEntry("rng", b =>
        {
            var copy = b.ToArray();
            BitConverter.GetBytes(value).CopyTo(copy, offset);
            return copy;
        }), message);

    [Fact]
    public void The_generator_layout_is_the_one_the_check_assumes()
    {
        // Seed at 0, seeded = 1 at 12, 1 <= left <= 624 at 8, next <= 624 at 16, in every state the generator goes through.
        torch.manual_seed(123456789);
        for (int draw = 0; draw < 200; draw++)
        {
            byte[] state = RandomState();
            Assert.Equal(GeneratorStateSize, state.Length);
            Assert.Equal(123456789UL, BitConverter.ToUInt64(state, 0));
            Assert.Equal(1, BitConverter.ToInt32(state, 12));
            Assert.InRange(BitConverter.ToInt32(state, 8), 1, 624);
            Assert.InRange(BitConverter.ToUInt64(state, 16), 0UL, 624UL);
            Assert.InRange(BitConverter.ToInt32(state, 5040), 0, 1);
            Assert.InRange(state[5052], (byte)0, (byte)1);
            using var drawn = torch.rand(1 + (draw * 7 % 50));
            if (draw % 3 == 0)
            {
                using var normal = torch.randn(1 + (draw % 5), dtype: torch.float64);
            }
        }
    }

    [Fact]
    public void Random_generator_states_the_check_accepts_are_accepted_by_libtorch()
    {
        // Each accepted state is handed to libtorch; a state it rejects would abort this process, not fail the test.
        var random = new Random(5);
        using var system = Target();
        byte[] original = RandomState();
        try
        {
            for (int i = 0; i < 300; i++)
            {
                var state = original.ToArray();
                random.NextBytes(state.AsSpan(24, 624 * 8));
                BitConverter.GetBytes(random.Next(1, 625)).CopyTo(state, 8);
                BitConverter.GetBytes((ulong)random.Next(0, 625)).CopyTo(state, 16);
                BitConverter.GetBytes(random.Next(0, 2)).CopyTo(state, 5040);
                BitConverter.GetBytes(random.NextDouble()).CopyTo(state, 5016 + (8 * random.Next(0, 3)));
                state[5052] = (byte)random.Next(0, 2);
                BitConverter.GetBytes((float)random.NextDouble()).CopyTo(state, 5048);
                Assert.Null(LoadHostile(system, WithEntry("rng", _ => state), $"state {i}"));
                using var drawn = torch.randn(3);
            }
        }
        finally
        {
            using var restore = torch.tensor(original, torch.ScalarType.Byte);
            torch.set_rng_state(restore);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f }, "claims 4294967295 bytes for the system name")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, "has a malformed length for the system name")]
    public void A_string_length_of_minus_one_or_two_to_the_32_is_refused(byte[] prefix, string message)
    {
        var content = Content(ReferenceEntries());
        // The system name's length prefix is the byte after magic (8) and version (4).
        AssertRefused(Sealed(Splice(content, 12, 1, prefix)), message);
    }

    [Fact]
    public void A_tensor_name_length_of_two_to_the_31_is_refused_not_an_overflow()
    {
        // Found by the fuzz: the fifth length byte 0x08 made the length negative, and allocating for it threw an
        // OverflowException out of Load. The module entry starts with its tensor count (one LEB128 byte here), then
        // the first tensor's name, whose length prefix is replaced.
        AssertRefused(
            WithEntry("module:A", bytes => Splice(bytes, 1, 1, new byte[] { 0x80, 0x80, 0x80, 0x80, 0x08 })),
            "entry 'module:A' has a malformed length for");
    }

    [Fact]
    public void A_rank_of_two_to_the_28_is_refused_before_TorchSharp_allocates_for_it()
    {
        using var source = new ResumablePair(seed: 77);
        var tensors = TensorsOf(source.A);
        var first = tensors[0];
        AssertRefused(
            WithEntry("module:A", _ => ModuleEntry(tensors, rankOf0: 1L << 28)),
            $"entry 'module:A' tensor '{first.Name}' has 268435456 dimensions where the declared system has shape [{string.Join(", ", first.Shape)}]; nothing was loaded");
    }

    [Fact]
    public void A_file_over_4_GiB_that_is_not_a_checkpoint_is_refused_without_reading_it()
    {
        string path = PathOf("huge.bin");
        using (var file = new FileStream(path, FileMode.CreateNew)) file.SetLength((5L << 30) + 3);
        using var system = Target();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<CheckpointException>(() => system.Load(path));
        Assert.Contains("is not a DslCrossReg checkpoint", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}: it was read");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < AllocationSlack);
    }

    [Fact]
    public void A_file_over_2_GiB_with_a_checkpoint_header_is_streamed_through_its_checksum_and_refused()
    {
        string path = PathOf("huge.dcrckpt");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.Write(Content(ReferenceEntries()));
            file.SetLength((5L << 29) + 5);
        }
        using var system = Target();
        var before = StateOf(system);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointException>(() => system.Load(path));
        Assert.Contains("is damaged: its checksum does not match its content", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < AllocationSlack, "the file was held in memory");
        AssertSameState(before, StateOf(system), "huge");
    }

    [Fact]
    public void An_optimizer_state_with_a_negative_step_a_NaN_learning_rate_or_another_amsgrad_is_refused()
    {
        // Adam's state: type name, group and state counts, then initial learning rate and learning rate.
        int rates = 1 + "Adam".Length + 2;
        AssertRefused(WithEntry("optimizer:A", b =>
        {
            var copy = b.ToArray();
            BitConverter.GetBytes(double.NaN).CopyTo(copy, rates + 8);
            return copy;
        }), "entry 'optimizer:A' has learning rate NaN, which this library's optimizers cannot step with");
        AssertRefused(WithEntry("optimizer:A", b =>
        {
            var copy = b.ToArray();
            BitConverter.GetBytes(-3L).CopyTo(copy, rates + (6 * 8) + 2);
            return copy;
        }), "outside 0..2^62");
        AssertRefused(WithEntry("steps", _ => BitConverter.GetBytes(-1L)), "has a step counter of -1, outside 0..2^62");
        // amsgrad, after the six doubles: switched on, Adam would look for a state the file does not hold.
        AssertRefused(WithEntry("optimizer:A", b =>
        {
            var copy = b.ToArray();
            copy[rates + (6 * 8)] = 1;
            return copy;
        }), "entry 'optimizer:A' has amsgrad True where the declared optimizer has False");
    }

    [Fact]
    public void An_entry_the_system_does_not_have_is_refused()
        => AssertRefused(Sealed(Content(ReferenceEntries().Append(("extra", new byte[] { 1 })))), "has an entry 'extra' that this system does not have");

    // ---- The fuzz -------------------------------------------------------------------------------------------------

    [Fact]
    public void Crafted_checkpoints_with_valid_checksums_load_or_are_refused_and_change_nothing()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), out int n) && n > 0 ? n : DefaultIterations;
        int seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out int s) ? s : DefaultSeed;
        var entries = ReferenceEntries();
        using var source = new ResumablePair(seed: 77);
        var tensors = new Dictionary<string, List<SavedTensor>> { ["module:A"] = TensorsOf(source.A), ["module:B"] = TensorsOf(source.B) };
        using var system = Target();
        int loaded = 0, refused = 0;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            // Not HashCode.Combine: its seed changes from process to process, so a failure could not be replayed.
            var random = new Random(unchecked(seed * 7919 + iteration));
            var (file, what) = Mutant(random, entries, tensors);
            string context = $"seed {seed}, iteration {iteration}: {what}";
            if (LoadHostile(system, file, context) is null) loaded++;
            else refused++;
        }
        output.WriteLine($"{iterations} crafted checkpoints: {loaded} loaded, {refused} refused");
        Assert.True(loaded > iterations / 20 && refused > iterations / 2, $"{loaded} loaded, {refused} refused: the mutations are not exercising both outcomes");
    }

    private static readonly long[] Extremes = { -1, 0, 1, 2, 3, 255, 624, 625, 1L << 28, (1L << 31) - 1, 1L << 31, 1L << 32, (1L << 62) + 7, long.MaxValue, long.MinValue };

    private static long Extreme(Random random) => Extremes[random.Next(Extremes.Length)];

    private static int HyperparametersAt(byte[] optimizerEntry) => optimizerEntry.Length == 0 ? int.MaxValue - 64 : 1 + optimizerEntry[0] + 2;

    private static (byte[] File, string What) Mutant(Random random, List<(string Name, byte[] Bytes)> entries, Dictionary<string, List<SavedTensor>> tensors)
    {
        var list = entries.Select(e => (e.Name, Bytes: e.Bytes.ToArray())).ToList();
        var what = new List<string>();
        int count = 1 + (random.Next(4) == 0 ? 1 : 0);
        int? entryCount = null;
        for (int m = 0; m < count; m++)
        {
            int pick = random.Next(list.Count);
            var (name, bytes) = list[pick];
            switch (random.Next(9))
            {
                case 0:
                    entryCount = (int)Extreme(random);
                    what.Add($"entry count {entryCount}");
                    break;
                case 1:
                    string other = random.Next(3) switch { 0 => "", 1 => list[random.Next(list.Count)].Name, _ => name + "x" };
                    list[pick] = (other, bytes);
                    what.Add($"entry '{name}' renamed '{other}'");
                    break;
                case 2:
                    if (random.Next(2) == 0) list.RemoveAt(pick);
                    else list.Add((name, bytes));
                    what.Add($"entry '{name}' removed or repeated");
                    break;
                case 3 when tensors.ContainsKey(name):
                    list[pick] = (name, SkeletonMutant(random, tensors[name], what, name));
                    break;
                case 4:
                case 5:
                    int limit = name.StartsWith("optimizer:", StringComparison.Ordinal) ? Math.Min(bytes.Length, 90) : bytes.Length;
                    int at = random.Next(Math.Max(1, limit));
                    byte[] value = random.Next(3) switch
                    {
                        0 => BitConverter.GetBytes(Extreme(random)),
                        1 => Leb128(Extreme(random) & long.MaxValue),
                        _ => new[] { (byte)random.Next(256) },
                    };
                    int remove = random.Next(3) == 0 ? 0 : Math.Min(value.Length, bytes.Length - at);
                    list[pick] = (name, Splice(bytes, Math.Min(at, bytes.Length), Math.Max(0, remove), value));
                    what.Add($"entry '{name}' at {at}: {Convert.ToHexString(value)} over {remove} bytes");
                    break;
                case 6 when name.StartsWith("optimizer:", StringComparison.Ordinal) && random.Next(2) == 0 && HyperparametersAt(bytes) + 48 <= bytes.Length:
                    // A hyperparameter: after the type name and the two counts, the first group's doubles (an entry an
                    // earlier mutation of this checkpoint cut short is truncated or extended below instead).
                    double[] doubles = { double.NaN, double.PositiveInfinity, -1, 1e300, 3.5e38, 1e7, 0.5, 0, 1 };
                    int field = HyperparametersAt(bytes) + (8 * random.Next(6));
                    BitConverter.GetBytes(doubles[random.Next(doubles.Length)]).CopyTo(bytes, field);
                    what.Add($"entry '{name}' double at {field} = {BitConverter.ToDouble(bytes, field)}");
                    break;
                case 6:
                    int cut = random.Next(bytes.Length + 1);
                    list[pick] = (name, random.Next(2) == 0 ? bytes[..cut] : bytes.Concat(new byte[1 + random.Next(16)]).ToArray());
                    what.Add($"entry '{name}' truncated or extended near {cut}");
                    break;
                case 7:
                    int rng = list.FindIndex(e => e.Name == "rng");
                    if (rng >= 0) list[rng] = ("rng", GeneratorMutant(random, list[rng].Bytes, what));
                    break;
                default:
                    int steps = list.FindIndex(e => e.Name == "steps");
                    if (steps >= 0) list[steps] = ("steps", BitConverter.GetBytes(Extreme(random)));
                    what.Add("steps " + (steps >= 0 ? BitConverter.ToInt64(list[steps].Bytes) : "absent"));
                    break;
            }
        }
        var content = Content(list, entryCount);
        if (random.Next(6) == 0)
        {
            // The header and the entry table: a byte, a length or a string length prefix.
            int at = random.Next(Math.Min(80, content.Length));
            byte[] value = random.Next(2) == 0 ? new[] { (byte)random.Next(256) } : BitConverter.GetBytes(Extreme(random));
            content = Splice(content, at, Math.Min(value.Length, content.Length - at), value);
            what.Add($"header at {at}: {Convert.ToHexString(value)}");
        }
        return (Sealed(content), string.Join("; ", what));
    }

    private static byte[] SkeletonMutant(Random random, List<SavedTensor> tensors, List<string> what, string name)
    {
        var list = tensors.ToList();
        int i = random.Next(list.Count);
        var t = list[i];
        switch (random.Next(7))
        {
            case 0:
                long rank = Extreme(random) & long.MaxValue;
                what.Add($"{name}: rank of tensor 0 is {rank}");
                return ModuleEntry(list, rankOf0: rank);
            case 1:
                var shape = t.Shape.ToArray();
                if (shape.Length > 0) shape[random.Next(shape.Length)] = Extreme(random) & long.MaxValue;
                list[i] = t with { Shape = shape };
                what.Add($"{name}: tensor '{t.Name}' shape [{string.Join(", ", shape)}]");
                break;
            case 2:
                list[i] = t with { DType = random.Next(3) == 0 ? Extreme(random) & long.MaxValue : random.Next(20) };
                what.Add($"{name}: tensor '{t.Name}' dtype {list[i].DType}");
                break;
            case 3:
                list[i] = t with { Name = random.Next(2) == 0 ? list[random.Next(list.Count)].Name : t.Name + "_" };
                what.Add($"{name}: tensor '{t.Name}' renamed '{list[i].Name}'");
                break;
            case 4:
                long count = Extreme(random) & long.MaxValue;
                what.Add($"{name}: count {count}");
                return ModuleEntry(list, count: count);
            case 5:
                if (random.Next(2) == 0) list.RemoveAt(i);
                else list.Insert(random.Next(list.Count), t);
                what.Add($"{name}: tensor '{t.Name}' removed or repeated");
                break;
            default:
                int j = random.Next(list.Count);
                (list[i], list[j]) = (list[j], list[i]);
                what.Add($"{name}: tensors {i} and {j} swapped");
                break;
        }
        return ModuleEntry(list);
    }

    private static byte[] GeneratorMutant(Random random, byte[] state, List<string> what)
    {
        if (state.Length != GeneratorStateSize) return state;
        var copy = state.ToArray();
        switch (random.Next(6))
        {
            case 0:
                int size = random.Next(3) switch { 0 => 0, 1 => 5048, _ => state.Length + random.Next(-16, 17) };
                copy = state.Concat(new byte[Math.Max(0, size - state.Length)]).Take(size).ToArray();
                what.Add($"rng of {size} bytes");
                break;
            case 1:
                int[] fields = { 8, 12, 5040 };
                int field = fields[random.Next(fields.Length)];
                int value = random.Next(3) == 0 ? (int)Extreme(random) : random.Next(-2, 627);
                BitConverter.GetBytes(value).CopyTo(copy, field);
                what.Add($"rng int at {field} = {value}");
                break;
            case 2:
                long next = random.Next(2) == 0 ? Extreme(random) : random.Next(0, 700);
                BitConverter.GetBytes(next).CopyTo(copy, 16);
                what.Add($"rng next = {next}");
                break;
            case 3:
                copy[5052] = (byte)random.Next(256);
                BitConverter.GetBytes(random.Next(2) == 0 ? float.NaN : 0.5f).CopyTo(copy, 5048);
                what.Add($"rng float flag {copy[5052]}");
                break;
            case 4:
                BitConverter.GetBytes(1).CopyTo(copy, 5040);
                BitConverter.GetBytes(random.Next(2) == 0 ? double.NaN : 0.25).CopyTo(copy, 5016 + (8 * random.Next(3)));
                what.Add("rng cached normal");
                break;
            default:
                random.NextBytes(copy.AsSpan(24, 624 * 8));
                what.Add("rng words");
                break;
        }
        return copy;
    }

    private static byte[] RandomState()
    {
        using var state = torch.get_rng_state();
        return state.data<byte>().ToArray();
    }

    // ---- Temporaries ----------------------------------------------------------------------------------------------

    private string[] Temporaries() => Directory.GetFiles(directory, "*.tmp");

    private static Process StartSaver(string target, string bytes)
    {
        string saver = typeof(HostileCheckpointTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CheckpointSaver").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(saver);
        start.ArgumentList.Add(target);
        start.ArgumentList.Add(bytes);
        var process = Process.Start(start)!;
        string? first = process.StandardOutput.ReadLine();
        Assert.True(first == "ready", $"the saver said '{first}'");
        return process;
    }

    [Fact]
    public void Saves_killed_part_way_leave_nothing_behind_the_next_save()
    {
        string path = PathOf("killed.dcrckpt"), bytes = PathOf("bytes.bin");
        using (var system = Target()) system.Save(bytes);
        var random = new Random(17);
        int kills = 0, strays = 0;
        while (kills < 20 || (strays == 0 && kills < 100))
        {
            using var saver = StartSaver(path, bytes);
            Thread.Sleep(random.Next(1, 30));
            saver.Kill();
            saver.WaitForExit();
            kills++;
            strays = Temporaries().Length;
        }
        output.WriteLine($"{kills} kills left {strays} temporaries");
        Assert.True(strays > 0, "no kill landed mid-save: the test proved nothing");

        using var saved = Target();
        saved.Save(path);
        Assert.Equal(new[] { path }, Directory.GetFiles(directory).Where(f => f != bytes));
        using var loaded = new ResumablePair(seed: 9);
        loaded.Load(path);
        Assert.Equal(saved.StepCount, loaded.StepCount);
    }

    [Fact]
    public async Task A_live_save_is_never_swept_by_a_concurrent_one()
    {
        string path = PathOf("live.dcrckpt");
        using var system = Target();
        system.Save(path);
        byte[] first = File.ReadAllBytes(path);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var live = Task.Run(() => CheckpointFile.WriteAtomically(path, first, wrap: s => new PausingStream(s, entered, release)));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        string temporary = Assert.Single(Temporaries());

        system.Step(Data(1));
        system.Save(path);
        Assert.True(File.Exists(temporary), "the live save's temporary was swept");

        release.Set();
        await live.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(Temporaries());
        Assert.Equal(first, File.ReadAllBytes(path));
        using var loaded = new ResumablePair(seed: 9);
        loaded.Load(path);
    }

    [Fact]
    public void Two_processes_saving_one_path_both_succeed_and_every_read_sees_a_whole_file()
    {
        string path = PathOf("shared.dcrckpt"), bytes = PathOf("bytes.bin");
        using var system = Target();
        system.Save(bytes);
        using var saver = StartSaver(path, bytes);
        try
        {
            for (int i = 0; i < 100; i++)
            {
                system.Save(path);
                CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash);
            }
            if (saver.HasExited) Assert.Fail("the saver stopped: " + saver.StandardOutput.ReadToEnd());
        }
        finally
        {
            saver.Kill();
            saver.WaitForExit();
        }
    }

    /// <summary>Writes half, signals, then waits to be released before writing the rest.</summary>
    private sealed class PausingStream : Stream
    {
        private readonly Stream inner;
        private readonly ManualResetEventSlim entered;
        private readonly ManualResetEventSlim release;

        public PausingStream(Stream inner, ManualResetEventSlim entered, ManualResetEventSlim release)
        {
            this.inner = inner;
            this.entered = entered;
            this.release = release;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count / 2);
            inner.Flush();
            entered.Set();
            release.Wait();
            inner.Write(buffer, offset + (count / 2), count - (count / 2));
        }
    }
}
