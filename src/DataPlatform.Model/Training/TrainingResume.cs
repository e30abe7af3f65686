using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Exact-resume state beside the weights (STACK-NOTES T8): AdamW state (moments, step counts, learning rate),
/// the data/masking generator state, and the global RNG state used by dropout. With all three, 5 + 5 steps
/// equal 10 steps bitwise.
/// </summary>
public static class TrainingResume
{
    public const string OptimizerFile = "optimizer.bin";
    public const string GeneratorFile = "generator.state";
    public const string GlobalRngFile = "global-rng.state";

    public static void Save(string directory, AdamW optimizer, Generator generator)
    {
        Directory.CreateDirectory(directory);
        optimizer.save_state_dict(Path.Combine(directory, OptimizerFile));
        WriteBytes(Path.Combine(directory, GeneratorFile), generator.get_state());
        WriteBytes(Path.Combine(directory, GlobalRngFile), torch.random.get_rng_state());
    }

    public static void Load(string directory, AdamW optimizer, Generator generator)
    {
        foreach (var file in new[] { OptimizerFile, GeneratorFile, GlobalRngFile })
            if (!File.Exists(Path.Combine(directory, file))) throw new FileNotFoundException($"resume state {file} is missing in {directory}");
        optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
        generator.set_state(ReadBytes(Path.Combine(directory, GeneratorFile)));
        torch.random.set_rng_state(ReadBytes(Path.Combine(directory, GlobalRngFile)));
    }

    private static void WriteBytes(string path, Tensor state) => File.WriteAllBytes(path, state.data<byte>().ToArray());

    private static Tensor ReadBytes(string path) => tensor(File.ReadAllBytes(path), dtype: uint8);
}
