namespace DataPlatform.Training.Tests;

/// <summary>Tests that use torch's process-wide RNG and thread settings run one at a time.</summary>
[CollectionDefinition("torch", DisableParallelization = true)]
public sealed class TorchCollection;
