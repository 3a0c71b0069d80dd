using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using DslCrossReg.Checkpoints;
using DslCrossReg.Fitting;
using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using Xunit;

namespace DslCrossReg.Systems.Tests.Fitting;

/// <summary>The loop's position in a checkpoint is checked like every other entry: a bad one is refused and changes nothing.</summary>
public sealed class LoopCheckpointTests
{
    private static byte[] Position(Action<byte[]> edit)
    {
        var bytes = new LoopPosition(10, 1, 3, 0.5, 1, double.NaN).ToBytes();
        edit(bytes);
        return bytes;
    }

    public static TheoryData<string, byte[], string> BadPositions() => new()
    {
        { "short", new byte[43], "loop position that is 43 bytes where a loop position is 44" },
        { "long", new byte[45], "entry 'loop' is 45 bytes; at most 44 are possible" },
        { "version", Position(b => BinaryPrimitives.WriteInt32LittleEndian(b, 2)), "loop position that has version 2" },
        { "negative step", Position(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(4), -1)), "loop position that has step -1, outside 0..2^62" },
        { "huge step", Position(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(4), long.MaxValue)), "loop position that has step 9223372036854775807, outside 0..2^62" },
        { "negative epoch", Position(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), -3)), "loop position that has epoch -3" },
        { "batch beyond step", Position(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), 11)), "loop position that has 11 batches done in its epoch, outside 0..10" },
        { "loop position that has an infinite best metric value", Position(b => BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(24), double.PositiveInfinity)), "loop position that has an infinite best metric value" },
        { "negative stale", Position(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(32), -1)), "loop position that has -1 validations without improvement" },
    };

    [Theory]
    [MemberData(nameof(BadPositions))]
    public void A_bad_loop_position_is_refused_and_the_system_is_unchanged(string name, byte[] entry, string message)
    {
        string directory = Path.Combine(Path.GetTempPath(), "dcr-loop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string good = Path.Combine(directory, "good.dcrckpt"), bad = Path.Combine(directory, name + ".dcrckpt");
            using (var saved = new ResumablePair(seed: 4))
                ((ITrainingControls)saved).CheckpointState().Save(good, includeFrozen: true, new LoopPosition(10, 1, 3, 0.5, 1, double.NaN));
            var file = CheckpointFile.Read(good, nameof(ResumablePair), ResumablePair.DeclarationHash);
            var entries = new Dictionary<string, byte[]>(file.Entries) { [LoopPosition.EntryName] = entry };
            File.WriteAllBytes(bad, new CheckpointFile(file.System, file.DeclarationHash, entries).ToBytes());

            using var system = new ResumablePair(seed: 9);
            string before = StateFingerprint.Of(p => system.Save(p));
            var error = Assert.Throws<CheckpointException>(() => system.Load(bad));
            Assert.Contains(message, error.Message);
            Assert.Throws<CheckpointException>(() => system.Fit(BatchSource.FromEnumerable(Array.Empty<ResumablePair.Batch>()), new FitOptions<ResumablePair.Batch, ResumablePair.Outputs> { ResumeFrom = bad }));
            Assert.Equal(before, StateFingerprint.Of(p => system.Save(p)));

            // The good one loads, position and all.
            Assert.Equal(new LoopPosition(10, 1, 3, 0.5, 1, double.NaN), ((ITrainingControls)system).CheckpointState().LoadWithPosition(good));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
