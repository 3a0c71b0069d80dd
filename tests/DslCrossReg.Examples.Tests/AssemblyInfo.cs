// The examples seed TorchSharp's process-wide generator: run them one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
