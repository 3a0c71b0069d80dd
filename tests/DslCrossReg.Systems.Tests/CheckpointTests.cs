using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DslCrossReg.Checkpoints;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;

namespace DslCrossReg.Systems.Tests;

/// <summary>Checkpoints that resume exactly, cannot be lost to a failed save, and refuse anything they do not own.</summary>
public sealed class CheckpointTests : IDisposable
{
    private const int Batch = 8;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    private static ResumablePair.Batch Data(int step)
    {
        var y = SyntheticBatches.Labels(500 + step, Batch, 3);
        return new ResumablePair.Batch(SyntheticBatches.Features(2 * step, Batch, 6), SyntheticBatches.Features((2 * step) + 1, Batch, 6), y, y);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_reproduces_the_uninterrupted_run_bit_for_bit()
    {
        var uninterrupted = new List<IReadOnlyDictionary<string, double>>();
        using (var system = new ResumablePair(seed: 11))
            for (int step = 0; step < 8; step++) uninterrupted.Add(system.Step(Data(step)).Terms);

        string path = PathOf("resume.dcrckpt");
        using (var first = new ResumablePair(seed: 11))
        {
            for (int step = 0; step < 3; step++) Assert.Equal(uninterrupted[step], first.Step(Data(step)).Terms);
            first.Save(path);
        }

        // A fresh instance, seeded differently: everything that matters must come from the file.
        using var resumed = new ResumablePair(seed: 12345);
        resumed.Load(path);
        Assert.Equal(3, resumed.StepCount);
        for (int step = 3; step < 8; step++) Assert.Equal(uninterrupted[step], resumed.Step(Data(step)).Terms);
    }

    [Fact]
    public void Code_generic_over_systems_checkpoints_through_the_interface_and_resumes_bit_for_bit()
    {
        var uninterrupted = new List<IReadOnlyDictionary<string, double>>();
        using (var system = new ResumablePair(seed: 11))
            for (int step = 0; step < 6; step++) uninterrupted.Add(system.Step(Data(step)).Terms);

        // The second instance is created after the save (creating one seeds the random generator).
        using var first = new ResumablePair(seed: 11);
        var (terms, resumed) = TrainSaveLoadTrain(first, () => new ResumablePair(seed: 12345), PathOf("generic.dcrckpt"), Data, saveAfter: 3, steps: 6);
        using (resumed)
        {
            Assert.Equal(uninterrupted, terms);
            Assert.Equal(6, resumed.StepCount);
        }
    }

    [Fact]
    public void Code_generic_over_systems_keeps_a_frozen_member_by_reference_through_the_interface()
    {
        string path = PathOf("generic-by-reference.dcrckpt");
        using var trained = new ParameterDiverse(seed: 21);
        ITrainingSystem<ParameterDiverse.Batch, ParameterDiverse.Outputs> generic = trained;
        generic.Step(DiverseData(0));
        generic.Save(path, includeFrozenMembers: false);

        var entries = CheckpointFile.Read(path, nameof(ParameterDiverse), ParameterDiverse.DeclarationHash).Entries;
        Assert.DoesNotContain("module:A", entries.Keys);
        Assert.Contains("frozen:A", entries.Keys);
        using var other = new ParameterDiverse(seed: 22);
        ITrainingSystem<ParameterDiverse.Batch, ParameterDiverse.Outputs> otherGeneric = other;
        Assert.Throws<CheckpointException>(() => otherGeneric.Load(path));
    }

    /// <summary>
    /// What a loop written once for every system does: train, checkpoint, load the checkpoint into another instance
    /// and go on there; it knows nothing of the system but the interface.
    /// </summary>
    private static (List<IReadOnlyDictionary<string, double>> Terms, ITrainingSystem<TBatch, TOutputs> Resumed) TrainSaveLoadTrain<TBatch, TOutputs>(
        ITrainingSystem<TBatch, TOutputs> system, Func<ITrainingSystem<TBatch, TOutputs>> create, string path, Func<int, TBatch> data, int saveAfter, int steps)
    {
        var terms = new List<IReadOnlyDictionary<string, double>>();
        for (int step = 0; step < saveAfter; step++) terms.Add(system.Step(data(step)).Terms);
        system.Save(path);
        var resumed = create();
        resumed.Load(path);
        for (int step = saveAfter; step < steps; step++) terms.Add(resumed.Step(data(step)).Terms);
        return (terms, resumed);
    }

    [Fact]
    public void A_save_that_fails_half_way_leaves_the_previous_checkpoint_intact_and_loadable()
    {
        string path = PathOf("safe.dcrckpt");
        using var system = new ResumablePair(seed: 3);
        system.Step(Data(0));
        system.Save(path);
        byte[] good = File.ReadAllBytes(path);
        system.Step(Data(1));

        var newer = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash).ToBytes();
        var error = Assert.Throws<CheckpointException>(() =>
            CheckpointFile.WriteAtomically(path, newer.Concat(new byte[4096]).ToArray(), wrap: s => new FailingStream(s, failAfter: 1000)));
        Assert.Contains("could not be written; the previous checkpoint is untouched", error.Message);
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(directory));

        using var fresh = new ResumablePair(seed: 99);
        fresh.Load(path);
        Assert.Equal(1, fresh.StepCount);
    }

    private static ParameterDiverse.Batch DiverseData(int step)
        => new(SyntheticBatches.Features(3 * step, Batch, 6), SyntheticBatches.Features((3 * step) + 1, Batch, 6), SyntheticBatches.Labels(900 + step, Batch, 3));

    [Fact]
    public void A_frozen_member_kept_by_reference_must_be_the_same_one_when_loading()
    {
        string path = PathOf("by-reference.dcrckpt"), reference = PathOf("reference-A.bin");
        using var trained = new ParameterDiverse(seed: 21);
        for (int step = 0; step < 3; step++) trained.Step(DiverseData(step));
        trained.A.save(reference);
        trained.Save(path, includeFrozenMembers: false);
        var entries = CheckpointFile.Read(path, nameof(ParameterDiverse), ParameterDiverse.DeclarationHash).Entries;
        Assert.DoesNotContain("module:A", entries.Keys);
        Assert.Equal(32, entries["frozen:A"].Length);
        Assert.Contains("module:B", entries.Keys);

        // Another reference: refused, nothing changed.
        using var resumed = new ParameterDiverse(seed: 22);
        var before = ParameterState.Copy(resumed.B);
        var error = Assert.Throws<CheckpointException>(() => resumed.Load(path));
        Assert.Contains("was saved against another 'A'", error.Message);
        ParameterState.AssertSame(before, resumed.B, "B");
        Assert.Equal(0, resumed.StepCount);

        // The reference loaded from its own file: accepted, and training continues exactly.
        resumed.A.load(reference);
        resumed.Load(path);
        Assert.Equal(3, resumed.StepCount);
        var expected = trained.Step(DiverseData(3)).Terms;
        Assert.Equal(expected, resumed.Step(DiverseData(3)).Terms);
        ParameterState.AssertSame(trained.B, resumed.B, "B");
    }

    [Fact]
    public void A_frozen_member_included_in_the_checkpoint_is_restored_with_it()
    {
        string path = PathOf("included.dcrckpt");
        using var trained = new ParameterDiverse(seed: 31);
        trained.Step(DiverseData(0));
        trained.Save(path);

        using var resumed = new ParameterDiverse(seed: 32);
        resumed.Load(path);
        ParameterState.AssertSame(trained.A, resumed.A, "A");
        ParameterState.AssertSame(trained.B, resumed.B, "B");
        Assert.Equal(trained.Step(DiverseData(1)).Terms, resumed.Step(DiverseData(1)).Terms);
    }

    [Fact]
    public void A_term_weight_scale_is_saved_and_restored_and_the_run_resumes_bit_for_bit()
    {
        var uninterrupted = new List<IReadOnlyDictionary<string, double>>();
        using (var system = new ResumablePair(seed: 11))
        {
            system.SetTermWeightScale(Term(system), 0.25);
            for (int step = 0; step < 6; step++) uninterrupted.Add(system.Step(Data(step)).Terms);
        }

        string path = PathOf("scaled.dcrckpt");
        using (var first = new ResumablePair(seed: 11))
        {
            first.SetTermWeightScale(Term(first), 0.25);
            for (int step = 0; step < 3; step++) first.Step(Data(step));
            first.Save(path);
        }

        using var resumed = new ResumablePair(seed: 12345);
        resumed.Load(path);
        Assert.Equal(0.25, resumed.GetTermWeightScale(Term(resumed)));
        for (int step = 3; step < 6; step++) Assert.Equal(uninterrupted[step], resumed.Step(Data(step)).Terms);
    }

    [Fact]
    public void A_checkpoint_without_term_weight_scales_loads_and_leaves_the_scales_as_they_are()
    {
        string path = PathOf("unscaled.dcrckpt");
        SaveReference(path);
        var file = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash);
        Assert.Equal(8, file.Entries["term-scales"].Length);
        var entries = file.Entries.Where(e => e.Key != "term-scales").ToDictionary(e => e.Key, e => e.Value);
        File.WriteAllBytes(path, new CheckpointFile(file.System, file.DeclarationHash, entries).ToBytes());

        using var system = new ResumablePair(seed: 5);
        system.SetTermWeightScale(Term(system), 3.0);
        system.Load(path);
        Assert.Equal(1, system.StepCount);
        Assert.Equal(3.0, system.GetTermWeightScale(Term(system)));
    }

    [Theory]
    [InlineData(double.NaN, "has a term weight scale of NaN (term 0), not finite and 0 or more")]
    [InlineData(-0.5, "has a term weight scale of -0.5 (term 0), not finite and 0 or more")]
    [InlineData(double.PositiveInfinity, "has a term weight scale of Infinity (term 0), not finite and 0 or more")]
    public void A_term_weight_scale_that_a_step_cannot_use_is_refused_and_changes_nothing(double scale, string message)
        => AssertRefusedUnchanged(path => WithEntry(path, "term-scales", BitConverter.GetBytes(scale)), message);

    [Theory]
    [InlineData(16, "entry 'term-scales' is 16 bytes; at most 8 are possible for this system")]
    [InlineData(4, "has 4 bytes of term weight scales where this system's 1 terms need 8; nothing was loaded")]
    [InlineData(0, "has 0 bytes of term weight scales where this system's 1 terms need 8; nothing was loaded")]
    public void Term_weight_scales_of_another_length_are_refused_and_change_nothing(int length, string message)
        => AssertRefusedUnchanged(path => WithEntry(path, "term-scales", new byte[length]), message);

    private static string Term(ResumablePair system) => Assert.Single(system.DeclaredTermWeights.Keys);

    /// <summary>A reference checkpoint, validly sealed, with entry <paramref name="name"/> replaced by <paramref name="bytes"/>.</summary>
    private static void WithEntry(string path, string name, byte[] bytes)
    {
        SaveReference(path);
        var file = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash);
        var entries = file.Entries.ToDictionary(e => e.Key, e => e.Value);
        entries[name] = bytes;
        File.WriteAllBytes(path, new CheckpointFile(file.System, file.DeclarationHash, entries).ToBytes());
    }

    [Fact]
    public void A_checkpoint_of_another_system_is_refused_and_changes_nothing()
        => AssertRefusedUnchanged(path =>
        {
            using var other = new EmbeddingPair(seed: 1);
            other.Save(path);
        }, "belongs to system 'EmbeddingPair', not 'ResumablePair'");

    [Fact]
    public void A_checkpoint_of_another_declaration_of_the_same_system_is_refused_and_changes_nothing()
        => AssertRefusedUnchanged(path =>
        {
            SaveReference(path);
            var file = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash);
            File.WriteAllBytes(path, new CheckpointFile(file.System, "0123456789abcdef", file.Entries).ToBytes());
        }, "was saved from another declaration of 'ResumablePair' (declaration hash 0123456789abcdef");

    [Fact]
    public void A_checkpoint_of_a_future_format_version_is_refused_and_changes_nothing()
        => AssertRefusedUnchanged(path =>
        {
            SaveReference(path);
            var content = File.ReadAllBytes(path)[..^32];
            BitConverter.GetBytes(CheckpointFile.FormatVersion + 1).CopyTo(content, 8);
            File.WriteAllBytes(path, CraftedCheckpoint.Sealed(content));
        }, $"has format version {CheckpointFile.FormatVersion + 1}; this library reads version {CheckpointFile.FormatVersion}");

    [Fact]
    public void A_truncated_checkpoint_is_refused_and_changes_nothing()
        => AssertRefusedUnchanged(path =>
        {
            SaveReference(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }, "is damaged: its checksum does not match its content");

    [Fact]
    public void A_flipped_byte_is_refused_and_changes_nothing()
        => AssertRefusedUnchanged(path =>
        {
            SaveReference(path);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 3] ^= 0x10;
            File.WriteAllBytes(path, bytes);
        }, "is damaged: its checksum does not match its content");

    [Fact]
    public void An_entry_claiming_an_absurd_size_is_refused_before_allocating()
        => AssertRefusedUnchanged(path =>
        {
            // A well-formed, correctly hashed file whose only entry claims a petabyte.
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                CraftedCheckpoint.WriteHeader(writer, entries: 1);
                writer.Write("module:A");
                writer.Write(1L << 50);
                writer.Write(new byte[16]);
            }
            File.WriteAllBytes(path, CraftedCheckpoint.Sealed(stream.ToArray()));
        }, "entry 'module:A' claims 1125899906842624 bytes but only 16 remain");

    [Fact]
    public void An_entry_that_is_not_the_declared_network_is_refused_before_anything_is_loaded()
        => AssertRefusedUnchanged(path =>
        {
            SaveReference(path);
            var file = CheckpointFile.Read(path, nameof(ResumablePair), ResumablePair.DeclarationHash);
            var entries = file.Entries.ToDictionary(e => e.Key, e => e.Value);
            entries["module:B"] = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
            File.WriteAllBytes(path, new CheckpointFile(file.System, file.DeclarationHash, entries).ToBytes());
        }, "entry 'module:B' holds 1 tensors where the declared system has 6; nothing was loaded");

    private static void SaveReference(string path)
    {
        using var reference = new ResumablePair(seed: 77);
        reference.Step(Data(9));
        reference.Save(path);
    }

    /// <summary>
    /// Prepares a bad file, loads it into a trained system and checks the error; then the system must step exactly
    /// like a twin that never tried (parameters, optimizer state, step counter), and the global random generator must
    /// be where it was. Dropout draws from that one generator, so each compared step starts from the same seed.
    /// </summary>
    private void AssertRefusedUnchanged(Action<string> prepare, string message)
    {
        string path = PathOf("bad.dcrckpt");
        prepare(path);
        using var system = new ResumablePair(seed: 5);
        using var twin = new ResumablePair(seed: 5);
        torch.manual_seed(100);
        system.Step(Data(0));
        torch.manual_seed(100);
        twin.Step(Data(0));

        byte[] generator = RandomState();
        var error = Assert.Throws<CheckpointException>(() => system.Load(path));
        Assert.Contains(message, error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(generator, RandomState());
        Assert.Equal(twin.StepCount, system.StepCount);
        ParameterState.AssertSame(twin.A, system.A, "A");
        ParameterState.AssertSame(twin.B, system.B, "B");

        // Optimizer state (Adam moments, SGD momentum) shows in the next update.
        torch.manual_seed(101);
        var expected = twin.Step(Data(1)).Terms;
        torch.manual_seed(101);
        Assert.Equal(expected, system.Step(Data(1)).Terms);
        ParameterState.AssertSame(twin.A, system.A, "A");
        ParameterState.AssertSame(twin.B, system.B, "B");
    }

    private static byte[] RandomState()
    {
        using var state = torch.get_rng_state();
        return state.data<byte>().ToArray();
    }

    private sealed class FailingStream : Stream
    {
        private readonly Stream inner;
        private readonly long failAfter;
        private long written;

        public FailingStream(Stream inner, long failAfter)
        {
            this.inner = inner;
            this.failAfter = failAfter;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            int allowed = (int)Math.Max(0, Math.Min(count, failAfter - written));
            inner.Write(buffer, offset, allowed);
            written += allowed;
            if (allowed < count) throw new IOException("injected fault: the disk went away");
        }
    }
}
