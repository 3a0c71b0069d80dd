using System;
using System.IO;
using DslCrossReg.Checkpoints;

// Usage: <target checkpoint> <file whose bytes to save>. Saves them over the target until killed; prints "ready"
// after the first save and "FAILED <message>" (exit code 1) if a save ever fails.
byte[] bytes = File.ReadAllBytes(args[1]);
for (long saves = 0; ; saves++)
{
    try
    {
        CheckpointFile.WriteAtomically(args[0], bytes);
    }
    catch (CheckpointException exception)
    {
        Console.WriteLine("FAILED " + exception.Message);
        return 1;
    }
    if (saves == 0) Console.WriteLine("ready");
}
