using System.Runtime.CompilerServices;
using TorchSharp;
using Xunit;

// Systems seed TorchSharp's global generator in their constructors, and the tests rebuild the same networks from
// the same seed: two test classes running at once would interleave their draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace DslCrossReg.Systems.Tests;

/// <summary>Process-wide TorchSharp settings for these tests.</summary>
internal static class TestProcess
{
    /// <summary>
    /// One intra-op thread: the tensors here are tiny, and on a shared two-core machine a second spinning thread
    /// made a 200-step scenario swing from under a second to over fifteen.
    /// </summary>
    [ModuleInitializer]
    internal static void UseOneThread() => torch.set_num_threads(1);
}
