// Torch's global RNG (dropout) and thread pool are process-wide: run the model tests one at a time,
// each using both cores, so a test's random stream is not consumed by another test running beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
