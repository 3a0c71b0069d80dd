using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Fitting;

/// <summary>
/// The batches of a training or validation set, epoch by epoch. <see cref="FitExtensions.Fit{TBatch, TOutputs}"/>
/// asks for each epoch once and, when it resumes mid-epoch, skips the batches already trained on: a resumed run is
/// exact only when <see cref="Epoch"/> gives the same batches for the same epoch every time.
/// </summary>
/// <typeparam name="TBatch">The system's <c>Batch</c> record.</typeparam>
public interface IBatchSource<out TBatch>
{
    /// <summary>How many batches each epoch has, when known (for progress displays).</summary>
    int? BatchesPerEpoch { get; }

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> (0 for the first), in training order. Fit moves to each batch
    /// inside the dispose scope of its step, so tensors made while enumerating are freed after that step.
    /// </summary>
    IEnumerable<TBatch> Epoch(int epoch);
}

/// <summary>Creates batch sources.</summary>
public static class BatchSource
{
    /// <summary>
    /// Mini-batches over <paramref name="count"/> samples held in memory: each batch's Int64 sample indices are given to
    /// <paramref name="select"/>, which returns the batch (e.g. <c>i =&gt; new Batch(images.index_select(0, i), …)</c>).
    /// With <paramref name="shuffle"/>, epoch e's order is the (e + 1)-th <c>torch.randperm(count)</c> drawn from a
    /// generator of its own seeded with <paramref name="seed"/>, so it never touches TorchSharp's global generator and
    /// is the same on every run and after a resume.
    /// </summary>
    public static InMemoryBatches<TBatch> InMemory<TBatch>(long count, int batchSize, Func<Tensor, TBatch> select, bool shuffle = true, long seed = 0, bool dropLast = false)
        => new(count, batchSize, select, shuffle, seed, dropLast);

    /// <summary>The same sequence of batches every epoch (enumerated afresh each time).</summary>
    public static IBatchSource<TBatch> FromEnumerable<TBatch>(IEnumerable<TBatch> batches, int? batchesPerEpoch = null)
    {
        ArgumentErrors.NotNull(batches);
        return new EpochFunction<TBatch>(_ => batches, batchesPerEpoch);
    }

    /// <summary>The batches <paramref name="epochs"/> gives for each epoch number.</summary>
    public static IBatchSource<TBatch> FromEpochs<TBatch>(Func<int, IEnumerable<TBatch>> epochs, int? batchesPerEpoch = null)
    {
        ArgumentErrors.NotNull(epochs);
        return new EpochFunction<TBatch>(epochs, batchesPerEpoch);
    }

    private sealed class EpochFunction<TBatch> : IBatchSource<TBatch>
    {
        private readonly Func<int, IEnumerable<TBatch>> epochs;

        public EpochFunction(Func<int, IEnumerable<TBatch>> epochs, int? batchesPerEpoch)
        {
            this.epochs = epochs;
            BatchesPerEpoch = batchesPerEpoch;
        }

        public int? BatchesPerEpoch { get; }

        public IEnumerable<TBatch> Epoch(int epoch) => epochs(epoch);
    }
}

/// <summary>
/// Mini-batches of sample indices over a data set in memory, optionally shuffled by a seeded generator of their own
/// (see <see cref="BatchSource.InMemory{TBatch}"/>).
/// </summary>
public sealed class InMemoryBatches<TBatch> : IBatchSource<TBatch>, IDisposable
{
    private readonly Func<Tensor, TBatch> select;
    private readonly object gate = new();
    private Generator? generator;
    private int nextEpoch;

    internal InMemoryBatches(long count, int batchSize, Func<Tensor, TBatch> select, bool shuffle, long seed, bool dropLast)
    {
        ArgumentErrors.NotNull(select);
        if (count < 1) throw ArgumentErrors.OutOfRange(nameof(count), count, "There must be at least one sample.");
        if (batchSize < 1) throw ArgumentErrors.OutOfRange(nameof(batchSize), batchSize, "A batch holds at least one sample.");
        if (dropLast && count < batchSize)
            throw ArgumentErrors.Invalid($"{count} samples are fewer than one batch of {batchSize}, and the last partial batch is dropped.", nameof(count));
        this.select = select;
        Count = count;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        long batches = dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
        BatchesPerEpoch = batches > int.MaxValue ? null : (int)batches;
    }

    /// <summary>The number of samples.</summary>
    public long Count { get; }

    /// <summary>The samples per batch (the last batch may hold fewer unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch has its own seeded order.</summary>
    public bool Shuffle { get; }

    /// <summary>The shuffling generator's seed.</summary>
    public long Seed { get; }

    /// <summary>Whether a last batch smaller than <see cref="BatchSize"/> is left out.</summary>
    public bool DropLast { get; }

    /// <inheritdoc/>
    public int? BatchesPerEpoch { get; }

    /// <summary>The sample indices of epoch <paramref name="epoch"/>, in order (a new Int64 tensor, outside any dispose scope).</summary>
    public Tensor Order(int epoch)
    {
        if (epoch < 0) throw ArgumentErrors.OutOfRange(nameof(epoch), epoch, "Epochs are numbered from 0.");
        if (!Shuffle) return torch.arange(Count, ScalarType.Int64).DetachFromDisposeScope();
        lock (gate)
        {
            // Replay: epoch e's order is the (e + 1)-th permutation of a generator seeded afresh.
            if (generator is null || nextEpoch > epoch)
            {
                generator?.Dispose();
                generator = new Generator((ulong)Seed);
                nextEpoch = 0;
            }
            for (; nextEpoch < epoch; nextEpoch++)
                torch.randperm(Count, generator: generator).Dispose();
            nextEpoch++;
            return torch.randperm(Count, generator: generator).DetachFromDisposeScope();
        }
    }

    /// <inheritdoc/>
    public IEnumerable<TBatch> Epoch(int epoch)
    {
        var order = Order(epoch);
        return Batches(order);
    }

    private IEnumerable<TBatch> Batches(Tensor order)
    {
        try
        {
            long batches = DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;
            for (long b = 0; b < batches; b++)
            {
                long start = b * BatchSize;
                yield return select(order.narrow(0, start, Math.Min(BatchSize, Count - start)));
            }
        }
        finally
        {
            order.Dispose();
        }
    }

    /// <summary>Frees the shuffling generator.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            generator?.Dispose();
            generator = null;
        }
    }
}
