using Xunit;

// Systems seed TorchSharp's global generator in their constructors, and the tests rebuild the same networks from
// the same seed: two test classes running at once would interleave their draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
