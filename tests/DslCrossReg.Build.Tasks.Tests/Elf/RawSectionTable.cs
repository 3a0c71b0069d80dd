using System;
using System.Linq;

namespace DslCrossReg.Build.Tasks.Tests.Elf;

/// <summary>Test-side lookups in an ELF64 section header table (gABI offsets), used to aim corruptions precisely.</summary>
internal static class RawSectionTable
{
    /// <summary>File offset of the section header, and of the content, of the only section of <paramref name="type"/>.</summary>
    public static (long Header, long Content) Find(byte[] image, uint type)
    {
        long table = (long)BitConverter.ToUInt64(image, 0x28);
        int count = BitConverter.ToUInt16(image, 0x3c);
        var hits = Enumerable.Range(0, count)
            .Select(i => table + 64L * i)
            .Where(h => BitConverter.ToUInt32(image, (int)h + 4) == type)
            .ToList();
        if (hits.Count != 1)
        {
            throw new InvalidOperationException($"expected one section of type 0x{type:x}, found {hits.Count}");
        }

        return (hits[0], (long)BitConverter.ToUInt64(image, (int)hits[0] + 0x18));
    }

    /// <summary>File offset of the Verneed entry whose vn_file is <paramref name="library"/>.</summary>
    public static long Verneed(byte[] image, string library)
    {
        var (header, content) = Find(image, 0x6ffffffe);
        uint link = BitConverter.ToUInt32(image, (int)header + 0x28);
        long table = (long)BitConverter.ToUInt64(image, 0x28);
        long strings = (long)BitConverter.ToUInt64(image, (int)(table + 64L * link) + 0x18);
        long entry = content;
        while (true)
        {
            uint file = BitConverter.ToUInt32(image, (int)entry + 4);
            int end = Array.IndexOf(image, (byte)0, (int)(strings + file));
            if (System.Text.Encoding.ASCII.GetString(image, (int)(strings + file), end - (int)(strings + file)) == library)
            {
                return entry;
            }

            uint next = BitConverter.ToUInt32(image, (int)entry + 12);
            if (next == 0)
            {
                throw new InvalidOperationException($"no Verneed entry for {library}");
            }

            entry += next;
        }
    }
}
