using System;
using System.Buffers.Binary;

namespace DslCrossReg.Checkpoints;

/// <summary>
/// Where a training loop (<see cref="Fitting.FitExtensions"/>) stood when it saved a checkpoint, kept in the
/// checkpoint's optional <c>loop</c> entry: enough to continue the run exactly where it stopped. The data order is
/// not stored: a batch source replays it from its seed and the epoch number.
/// </summary>
/// <param name="Step">The loop's steps so far (the index of the next one); schedules are functions of it.</param>
/// <param name="Epoch">The epoch under way (0 for the first).</param>
/// <param name="BatchInEpoch">How many batches of <paramref name="Epoch"/> were already trained on.</param>
/// <param name="EarlyStoppingBest">The best value of early stopping's metric so far; NaN before the first validation.</param>
/// <param name="EarlyStoppingStale">Validations since that best value.</param>
/// <param name="BestCheckpointValue">The metric value of the best-so-far checkpoint; NaN before the first.</param>
public sealed record LoopPosition(long Step, int Epoch, long BatchInEpoch, double EarlyStoppingBest, int EarlyStoppingStale, double BestCheckpointValue)
{
    /// <summary>The entry's name in a checkpoint.</summary>
    public const string EntryName = "loop";

    private const int Version = 1;

    /// <summary>The entry's size in bytes.</summary>
    internal const int Size = sizeof(int) + sizeof(long) + sizeof(int) + sizeof(long) + sizeof(double) + sizeof(int) + sizeof(double);

    /// <summary>The entry's bytes (little-endian): version, step, epoch, batch in epoch, best, stale count, best checkpoint value.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, Version);
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], Step);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Epoch);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], BatchInEpoch);
        BinaryPrimitives.WriteDoubleLittleEndian(span[24..], EarlyStoppingBest);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], EarlyStoppingStale);
        BinaryPrimitives.WriteDoubleLittleEndian(span[36..], BestCheckpointValue);
        return bytes;
    }

    /// <summary>Reads an entry, or says what is wrong with it (then the position is null).</summary>
    internal static LoopPosition? Parse(ReadOnlySpan<byte> bytes, out string? problem)
    {
        problem = null;
        if (bytes.Length != Size)
        {
            problem = $"is {bytes.Length} bytes where a loop position is {Size}";
            return null;
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        long step = BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]);
        int epoch = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        long batch = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        double best = BinaryPrimitives.ReadDoubleLittleEndian(bytes[24..]);
        int stale = BinaryPrimitives.ReadInt32LittleEndian(bytes[32..]);
        double bestCheckpoint = BinaryPrimitives.ReadDoubleLittleEndian(bytes[36..]);
        if (version != Version) problem = $"has version {version}; this library reads version {Version}";
        else if (step < 0 || step > EntryCheck.MaximumSteps) problem = $"has step {step}, outside 0..2^62";
        else if (epoch < 0) problem = $"has epoch {epoch}";
        else if (batch < 0 || batch > step) problem = $"has {batch} batches done in its epoch, outside 0..{step} (its step)";
        else if (double.IsInfinity(best) || double.IsInfinity(bestCheckpoint)) problem = "has an infinite best metric value";
        else if (stale < 0) problem = $"has {stale} validations without improvement";
        return problem is null ? new LoopPosition(step, epoch, batch, best, stale, bestCheckpoint) : null;
    }
}
