using Xunit;

// torch.manual_seed is process-wide: a test class seeding and building in parallel with another would see
// parameters drawn in between, and the bit-for-bit comparisons would fail for no fault of the code under test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
