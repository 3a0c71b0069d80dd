using System;
using System.Buffers.Binary;

namespace DslCrossReg.Checkpoints;

/// <summary>
/// Validates a saved CPU random-generator state before <c>torch.set_rng_state</c> sees it: libtorch aborts the whole
/// process (SIGABRT, no exception) on a state of the wrong size or an invalid Mersenne-twister state. The state is
/// libtorch's <c>CPUGeneratorImplState</c> (5056 bytes): the legacy part holds uint64 the_initial_seed at 0, int32
/// left at 8, int32 seeded at 12, uint64 next at 16, uint64 state[624] at 24, doubles normal_x, normal_y, normal_rho
/// at 5016, 5024, 5032 and int32 normal_is_valid at 5040; then float next_float_normal_sample at 5048 and a bool
/// saying it is valid at 5052. libtorch accepts it when seeded is non-zero, 1 &lt;= left &lt;= 624 and
/// (uint32)next &lt;= 624. This check is stricter: the size must be the current generator's, seeded must be 1, next
/// (all 64 bits) at most 624, both validity flags 0 or 1, and a cached normal sample marked valid must be finite.
/// </summary>
internal static class GeneratorState
{
    /// <summary>The size of libtorch's <c>CPUGeneratorImplState</c>, the layout described above.</summary>
    public const int KnownSize = 5056;
    private const int StateWords = 624;

    /// <summary>What is wrong with <paramref name="state"/>, or null if libtorch can be given it.</summary>
    public static string? Problem(ReadOnlySpan<byte> state, int currentSize)
    {
        if (currentSize != KnownSize)
            return $"cannot be checked: this libtorch's generator state is {currentSize} bytes, not the {KnownSize}-byte layout this library knows";
        if (state.Length != currentSize) return $"is {state.Length} bytes where the generator's state is {currentSize}";
        int left = BinaryPrimitives.ReadInt32LittleEndian(state[8..]);
        int seeded = BinaryPrimitives.ReadInt32LittleEndian(state[12..]);
        ulong next = BinaryPrimitives.ReadUInt64LittleEndian(state[16..]);
        if (seeded != 1) return $"is not a seeded generator (seeded = {seeded})";
        if (left < 1 || left > StateWords) return $"has {left} values left, outside 1..{StateWords}";
        if (next > StateWords) return $"has next = {next}, beyond the {StateWords}-word state";
        int normalValid = BinaryPrimitives.ReadInt32LittleEndian(state[5040..]);
        if (normalValid is not (0 or 1)) return $"has normal_is_valid = {normalValid}; a flag is 0 or 1";
        if (normalValid == 1
            && !(double.IsFinite(BinaryPrimitives.ReadDoubleLittleEndian(state[5016..]))
                 && double.IsFinite(BinaryPrimitives.ReadDoubleLittleEndian(state[5024..]))
                 && double.IsFinite(BinaryPrimitives.ReadDoubleLittleEndian(state[5032..]))))
            return "has a cached normal sample that is not finite";
        byte floatValid = state[5052];
        if (floatValid > 1) return $"has {floatValid} as the flag of its cached float sample; a flag is 0 or 1";
        if (floatValid == 1 && !float.IsFinite(BinaryPrimitives.ReadSingleLittleEndian(state[5048..])))
            return "has a cached float normal sample that is not finite";
        return null;
    }
}
