using System;

namespace DslCrossReg.Build.Tasks.Elf;

/// <summary>
/// The file is not an ELF image this reader understands; the message says what was found and where,
/// because it becomes the text of the build warning.
/// </summary>
internal sealed class ElfFormatException : Exception
{
    public ElfFormatException(string message) : base(message)
    {
    }
}
