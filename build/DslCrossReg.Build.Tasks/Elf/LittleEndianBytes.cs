namespace DslCrossReg.Build.Tasks.Elf;

/// <summary>
/// Bounds-checked little-endian reads: every field offset comes from the file itself, so a damaged or
/// hostile file must produce a refusal, never an IndexOutOfRangeException or a read of the wrong bytes.
/// </summary>
internal static class LittleEndianBytes
{
    public static void RequireRange(byte[] image, long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > image.LongLength || length > image.LongLength - offset)
        {
            throw new ElfFormatException(
                $"{what} (offset 0x{offset:x}, {length} bytes) lies outside the file ({image.LongLength} bytes)");
        }
    }

    public static byte U8(byte[] image, long offset, string what)
    {
        RequireRange(image, offset, 1, what);
        return image[offset];
    }

    public static ushort U16(byte[] image, long offset, string what)
    {
        RequireRange(image, offset, 2, what);
        return (ushort)(image[offset] | image[offset + 1] << 8);
    }

    public static uint U32(byte[] image, long offset, string what)
    {
        RequireRange(image, offset, 4, what);
        return image[offset]
            | (uint)image[offset + 1] << 8
            | (uint)image[offset + 2] << 16
            | (uint)image[offset + 3] << 24;
    }

    public static ulong U64(byte[] image, long offset, string what)
    {
        return U32(image, offset, what) | (ulong)U32(image, offset + 4, what) << 32;
    }

    /// <summary>Writes a 16-bit field; the caller has already read it, so the range is known to be valid.</summary>
    public static void WriteU16(byte[] image, long offset, ushort value)
    {
        RequireRange(image, offset, 2, "field being written");
        image[offset] = (byte)value;
        image[offset + 1] = (byte)(value >> 8);
    }
}
