using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace DslCrossReg.Checkpoints;

/// <summary>The shape of one tensor as TorchSharp serializes it: element type code and dimensions.</summary>
internal readonly record struct TensorSkeleton(long DType, long[] Shape)
{
    public override string ToString() => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// Checks an untrusted module or optimizer entry against the serialization of the same module or optimizer now in
/// memory (trusted), reading both in TorchSharp's own format (<c>Module.save</c>: a LEB128 count, then per tensor a
/// <see cref="BinaryWriter"/> string name, LEB128 element type, LEB128 rank, LEB128 dimensions and the raw elements;
/// optimizers: type name, LEB128 group and state counts, each group's hyperparameters, each parameter's state). A
/// legitimate entry has exactly the trusted structure (names, counts, element types, ranks, shapes, flags) and differs
/// only in tensor elements and scalars; scalars are checked for values TorchSharp's optimizers cannot step with.
/// Nothing is allocated from an untrusted value: each is compared with the trusted one as soon as it is read, and
/// element data is skipped, never read. The first difference throws <see cref="EntryMismatchException"/>.
/// </summary>
internal sealed class EntryCheck
{
    private const int MaximumLeb128Bytes = 10;
    private const double MaximumHyperparameter = 1e6;

    /// <summary>The largest step count accepted: far beyond any run, far enough from overflow to be incremented.</summary>
    internal const long MaximumSteps = 1L << 62;
    private static readonly Dictionary<long, int> ElementSizes = new();

    private readonly string entry;
    private readonly Stream trusted;
    private readonly Stream untrusted;

    private EntryCheck(string entry, byte[] trusted, Stream untrusted)
    {
        this.entry = entry;
        this.trusted = new MemoryStream(trusted, writable: false);
        this.untrusted = untrusted;
    }

    /// <summary>Checks a module entry (<c>Module.save</c>) against the module's own serialization.</summary>
    public static void Module(string entry, byte[] trusted, Stream untrusted)
    {
        var check = new EntryCheck(entry, trusted, untrusted);
        long count = check.Count("tensors");
        for (long i = 0; i < count; i++)
        {
            string name = check.Name($"the name of tensor #{i}", LayerNameHint);
            var expected = check.TrustedSkeleton();
            check.Tensor($"tensor '{name}'", expected);
            check.SkipTrusted(expected);
        }
        check.End();
    }

    /// <summary>
    /// Checks an optimizer entry (<c>OptimizerHelper.save_state_dict</c>) against the optimizer's own serialization.
    /// <paramref name="parameters"/> are the optimizer's parameters in order: a state tensor that only exists after a
    /// step (SGD's momentum buffer) must have its parameter's element type and shape.
    /// </summary>
    public static void Optimizer(string entry, byte[] trusted, Stream untrusted, IReadOnlyList<(string Name, TensorSkeleton Skeleton)> parameters)
    {
        var check = new EntryCheck(entry, trusted, untrusted);
        string type = check.Name("the optimizer type");
        bool adam = type is "Adam" or "AdamW";
        if (!adam && type != "SGD") throw check.Mismatch($"is the state of a {type} optimizer, whose format this library cannot check");
        long groups = check.Count("parameter groups");
        long states = check.Count("parameter states");
        if (states != parameters.Count) throw check.Mismatch($"holds {states} parameter states for {parameters.Count} parameters");
        for (long g = 0; g < groups; g++)
        {
            string group = groups == 1 ? "" : $" of group #{g}";
            check.Scalar("initial learning rate" + group, NonNegative);
            check.Scalar("learning rate" + group, NonNegative);
            if (adam)
            {
                check.Scalar("beta1" + group, Fraction);
                check.Scalar("beta2" + group, Fraction);
                check.Scalar("eps" + group, NonNegative);
                check.Scalar("weight decay" + group, NonNegative);
                check.Flag("amsgrad" + group);
                check.Flag("maximize" + group);
            }
            else
            {
                check.Scalar("momentum" + group, NonNegative);
                check.Scalar("dampening" + group, v => v >= 0 && v <= 1);
                check.Scalar("weight decay" + group, NonNegative);
                check.Flag("nesterov" + group);
                check.Flag("maximize" + group);
            }
        }
        foreach (var (name, skeleton) in parameters)
        {
            string of = $"of parameter '{name}'";
            if (adam)
            {
                check.Step("step " + of);
                foreach (string moment in new[] { "exp_avg", "exp_avg_sq" })
                {
                    var expected = check.TrustedSkeleton();
                    check.Tensor($"{moment} {of}", expected);
                    check.SkipTrusted(expected);
                }
                check.Optional($"max_exp_avg_sq {of}", skeleton, presenceMustMatch: true);
            }
            else
            {
                check.Optional($"momentum_buffer {of}", skeleton, presenceMustMatch: false);
            }
        }
        check.End();
    }

    /// <summary>
    /// Learning rates, eps, weight decay and momentum: finite, not negative and at most <see cref="MaximumHyperparameter"/>,
    /// so that what a step derives from them (a learning rate over a bias correction of 1e-16, say) still converts to
    /// the float32 scalars libtorch multiplies float32 tensors by; beyond that libtorch throws in the middle of a step.
    /// </summary>
    private static bool NonNegative(double value) => value >= 0 && value <= MaximumHyperparameter;

    /// <summary>Betas: 0 &lt;= beta &lt; 1, as PyTorch requires.</summary>
    private static bool Fraction(double value) => value >= 0 && value < 1;

    private EntryMismatchException Mismatch(string problem) => new($"entry '{entry}' {problem}");

    private long Count(string what)
    {
        long expected = Leb128(trusted, what);
        long actual = Leb128(untrusted, what);
        if (actual != expected) throw Mismatch($"holds {actual} {what} where the declared system has {expected}");
        return expected;
    }

    // Why a module's tensor names can differ from a checkpoint written by an earlier declaration of the same layers.
    private const string LayerNameHint =
        "; a layer is named by .Named(...), else by its tap, else by its kind and position, so naming, tapping or moving a layer renames its tensors";

    private string Name(string what, string hint = "")
    {
        byte[] expected = StringBytes(trusted, what, int.MaxValue);
        byte[] actual = StringBytes(untrusted, what, expected.Length);
        string name = System.Text.Encoding.UTF8.GetString(expected);
        if (!actual.AsSpan().SequenceEqual(expected))
            throw Mismatch($"has '{System.Text.Encoding.UTF8.GetString(actual)}' as {what} where the declared system has '{name}'{hint}");
        return name;
    }

    private TensorSkeleton TrustedSkeleton()
    {
        long dtype = Leb128(trusted, "an element type");
        long rank = Leb128(trusted, "a rank");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = Leb128(trusted, "a dimension");
        return new TensorSkeleton(dtype, shape);
    }

    /// <summary>Reads an untrusted tensor header, compares it with <paramref name="expected"/>, skips its elements.</summary>
    private void Tensor(string what, TensorSkeleton expected)
    {
        long dtype = Leb128(untrusted, "the element type of " + what);
        if (dtype != expected.DType)
            throw Mismatch($"{what} has element type code {dtype} where the declared system has {expected.DType} ({(ScalarType)expected.DType})");
        long rank = Leb128(untrusted, "the rank of " + what);
        if (rank != expected.Shape.Length)
            throw Mismatch($"{what} has {rank} dimensions where the declared system has shape {expected}");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = Leb128(untrusted, "a dimension of " + what);
        if (!shape.SequenceEqual(expected.Shape))
            throw Mismatch($"{what} has shape [{string.Join(", ", shape)}] where the declared system has {expected}");
        long bytes = DataLength(expected);
        if (untrusted.Length - untrusted.Position < bytes) throw Mismatch($"ends in the middle of the elements of {what}");
        untrusted.Seek(bytes, SeekOrigin.Current);
    }

    private void SkipTrusted(TensorSkeleton skeleton) => trusted.Seek(DataLength(skeleton), SeekOrigin.Current);

    /// <summary>A TorchSharp conditional state tensor: a bool, then the tensor when true.</summary>
    private void Optional(string what, TensorSkeleton parameter, bool presenceMustMatch)
    {
        bool expected = Bool(trusted, what);
        bool actual = Bool(untrusted, "whether there is " + what);
        if (presenceMustMatch && actual != expected)
            throw Mismatch(actual ? $"has {what}, which the declared optimizer does not keep" : $"lacks {what}, which the declared optimizer keeps");
        TensorSkeleton? trustedSkeleton = expected ? TrustedSkeleton() : null;
        if (actual) Tensor(what, trustedSkeleton ?? parameter);
        if (trustedSkeleton is { } skeleton) SkipTrusted(skeleton);
    }

    private void Scalar(string what, Func<double, bool> valid)
    {
        Exactly(trusted, sizeof(double), what);
        double value = BinaryPrimitives.ReadDoubleLittleEndian(Exactly(untrusted, sizeof(double), what));
        if (!valid(value)) throw Mismatch($"has {what} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, which this library's optimizers cannot step with");
    }

    private void Step(string what)
    {
        Exactly(trusted, sizeof(long), what);
        long value = BinaryPrimitives.ReadInt64LittleEndian(Exactly(untrusted, sizeof(long), what));
        if (value < 0 || value > MaximumSteps) throw Mismatch($"has {what} {value}, outside 0..2^62");
    }

    /// <summary>A boolean option fixed by the declaration (amsgrad, nesterov, maximize): must be the declared one.</summary>
    private void Flag(string what)
    {
        bool expected = Bool(trusted, what);
        bool actual = Bool(untrusted, what);
        if (actual != expected) throw Mismatch($"has {what} {actual} where the declared optimizer has {expected}");
    }

    private bool Bool(Stream side, string what)
    {
        byte value = Exactly(side, 1, what)[0];
        return value <= 1 ? value == 1 : throw Mismatch($"has {value} as {what}; a boolean is 0 or 1");
    }

    private void End()
    {
        if (trusted.Position != trusted.Length) throw Mismatch("could not be checked: the declared system's own state was not read to its end");
        if (untrusted.Position != untrusted.Length)
            throw Mismatch($"has {untrusted.Length - untrusted.Position} bytes after the state of the declared system");
    }

    /// <summary>LEB128 exactly as TorchSharp's decoder computes it, but never past the entry or 10 bytes.</summary>
    private long Leb128(Stream side, string what)
    {
        long result = 0;
        for (int i = 0; i < MaximumLeb128Bytes; i++)
        {
            int b = side.ReadByte();
            if (b < 0) throw Mismatch($"ends in the middle of {what}");
            result += (long)(b & 0x7f) << (i * 7);
            if ((b & 0x80) == 0) return result;
        }
        throw Mismatch($"has a malformed number as {what}");
    }

    /// <summary>A <see cref="BinaryWriter.Write(string)"/> string's bytes, refused when longer than <paramref name="maximum"/>.</summary>
    private byte[] StringBytes(Stream side, string what, int maximum)
    {
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            int b = side.ReadByte();
            if (b < 0) throw Mismatch($"ends in the middle of {what}");
            // The fifth byte holds bits 28 to 31: above 7 the length would not fit a non-negative int.
            if (shift == 28 && b > 0x07) throw Mismatch($"has a malformed length for {what}");
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
        }
        if (length > maximum) throw Mismatch($"has {length} bytes as {what} where the declared system has {maximum}");
        return Exactly(side, length, what);
    }

    private byte[] Exactly(Stream side, int count, string what)
    {
        if (count < 0 || side.Length - side.Position < count) throw Mismatch($"ends in the middle of {what}");
        var bytes = new byte[count];
        side.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The element bytes of a trusted skeleton (its element type is one TorchSharp produced).</summary>
    private static long DataLength(TensorSkeleton skeleton)
    {
        int size;
        lock (ElementSizes)
        {
            if (!ElementSizes.TryGetValue(skeleton.DType, out size))
            {
                using var probe = empty(0, (ScalarType)skeleton.DType);
                ElementSizes[skeleton.DType] = size = (int)probe.ElementSize;
            }
        }
        return checked(skeleton.Shape.Aggregate(1L, (n, d) => n * d) * size);
    }
}

/// <summary>An entry whose structure is not the declared system's, or whose values no optimizer can use.</summary>
internal sealed class EntryMismatchException : Exception
{
    public EntryMismatchException(string message)
        : base(message)
    {
    }
}
