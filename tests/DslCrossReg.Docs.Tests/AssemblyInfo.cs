using System.Runtime.CompilerServices;
using TorchSharp;

// Systems seed TorchSharp's process-wide generator in their constructors: run the samples one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace DslCrossReg.Docs.Tests;

/// <summary>Process-wide TorchSharp settings for these tests.</summary>
internal static class TestProcess
{
    /// <summary>One intra-op thread: the samples' tensors are tiny, and other builds share this machine's cores.</summary>
    [ModuleInitializer]
    internal static void UseOneThread() => torch.set_num_threads(1);
}
