using System;
using System.Collections.Generic;
using System.IO;

namespace DslCrossReg.Examples.Tests;

/// <summary>
/// Reads a TensorBoard event file record by record, verifying both checksums of each: the TFRecord framing is
/// a uint64 length, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data.
/// </summary>
internal static class TensorBoardRecords
{
    public static List<byte[]> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            if (offset + 12 > bytes.Length) throw new InvalidDataException($"{path}: truncated record header at {offset}");
            ulong length = BitConverter.ToUInt64(bytes, offset);
            uint lengthCrc = BitConverter.ToUInt32(bytes, offset + 8);
            if (Masked(Crc32C(bytes, offset, 8)) != lengthCrc) throw new InvalidDataException($"{path}: bad length CRC at {offset}");
            int start = offset + 12;
            if ((ulong)(bytes.Length - start) < length + 4) throw new InvalidDataException($"{path}: truncated record at {offset}");
            uint dataCrc = BitConverter.ToUInt32(bytes, start + (int)length);
            if (Masked(Crc32C(bytes, start, (int)length)) != dataCrc) throw new InvalidDataException($"{path}: bad data CRC at {offset}");
            records.Add(bytes.AsSpan(start, (int)length).ToArray());
            offset = start + (int)length + 4;
        }
        return records;
    }

    private static uint Masked(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8);

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit: slow and obviously right.</summary>
    private static uint Crc32C(byte[] data, int offset, int count)
    {
        uint crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + count; i++)
        {
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A check value of the CRC: CRC-32C("123456789") is 0xE3069283.</summary>
    public static uint CheckValue() => Crc32C("123456789"u8.ToArray(), 0, 9);
}
