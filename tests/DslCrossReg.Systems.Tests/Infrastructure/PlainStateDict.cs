using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests.Infrastructure;

/// <summary>A PyTorch weights file as a plain reader sees it, without PyTorchWeights' name mapping or checks.</summary>
internal static class PlainStateDict
{
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (path.EndsWith(".safetensors", StringComparison.Ordinal))
            return Safetensors.LoadStateDict(path);
        using var stream = File.OpenRead(path);
        Hashtable table = PyTorchUnpickler.UnpickleStateDict(stream);
        return table.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!, StringComparer.Ordinal);
    }
}
