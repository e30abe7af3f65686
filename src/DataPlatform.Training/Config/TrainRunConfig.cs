using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Core;
using DataPlatform.Model;

namespace DataPlatform.Training;

/// <summary>
/// A training run, as written in <c>pipelines/&lt;run&gt;.json</c> (documented in <c>schemas/train-run.md</c>).
/// Paths are relative to the file. Every field but <see cref="Run"/> and <see cref="Lake"/> has a default.
/// </summary>
public sealed record TrainRunConfig
{
    /// <summary>Run name: letters, digits, '.', '_' and '-'; the run folder and the lake tables are named by it.</summary>
    public string Run { get; init; } = "";

    /// <summary>The lake: a local folder or s3://bucket/prefix.</summary>
    public string Lake { get; init; } = "";

    /// <summary>Local run folder (checkpoints, samples, eval). Default: &lt;lake&gt;/runs/&lt;run&gt; for a local lake; required for S3 lakes.</summary>
    public string? RunDir { get; init; }

    /// <summary>Training steps in total (a resumed run continues to this count). Default 2000.</summary>
    public long Steps { get; init; } = 2000;

    /// <summary>Seed of the model init, masking, noise, caption dropout and the stream. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Threads for torch (0 = all cores). Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// OpenMP wait policy of torch's threads: "passive" (default; idle threads sleep, which keeps a shared machine
    /// usable) or "active" (they spin: much faster steps on a machine the run has to itself, much slower when another
    /// process needs the cores). The OMP_WAIT_POLICY environment variable, when set, wins.
    /// </summary>
    public string OmpWaitPolicy { get; init; } = "passive";

    /// <summary>
    /// Data-parallel replicas of each step inside the process, each part of the batch on its own thread with an even
    /// share of <see cref="TorchThreads"/>, at least one (<see cref="DJepaTrainer.Replicas"/>). Default 1. 2 on a 2-core machine keeps both cores busy through the
    /// serial work that idles one of torch's threads; it needs omp_wait_policy "passive". Changing it changes the noise
    /// and dropout draws from that step on.
    /// </summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// Where the model trains (<see cref="TorchDevices"/>): "auto" (default: the GPU when this build's libtorch has CUDA
    /// and one is visible, else the CPU), "cpu", "cuda" or "cuda:N". The data pipeline and the critic stay on the CPU, and
    /// the noise, masks and caption dropout are drawn there (dropout layers on a GPU draw from its own generator).
    /// </summary>
    public string Device { get; init; } = "auto";

    /// <summary>A complete checkpoint every K steps (and at the end, and on SIGTERM / Ctrl-C). Default 200.</summary>
    public long CheckpointEvery { get; init; } = 200;

    /// <summary>Complete checkpoints kept (older ones are deleted after a new one is complete). Default 3.</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>
    /// Steps between returns of free memory to the system (<see cref="TorchRuntime.ReleaseFreeMemory"/>), at fixed steps
    /// of the run. Default 50. Fewer steps lower the peak resident memory and cost page faults: over 200 steps of the
    /// reference recipe's model with two replicas, 10 capped the peak at 2.39 GB against 3.41 GB and took 5% longer.
    /// </summary>
    public long ReleaseMemoryEvery { get; init; } = 50;

    public ModelSection Model { get; init; } = new();

    public OptimizerSection Optimizer { get; init; } = new();

    public StreamSection Stream { get; init; } = new();

    public FeedbackSection Feedback { get; init; } = new();

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Reads a run file: unknown keys, wrong types and bad values are all reported at once (a <see cref="ConfigException"/>),
    /// relative paths resolved against the file's folder.
    /// </summary>
    public static TrainRunConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new InvalidInputException($"training run config {full} does not exist");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(full), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{full} is not valid JSON: {e.Message}");
        }
        if (node is not JsonObject root) throw new InvalidInputException($"{full} must hold a JSON object");
        return FromJson(root, Path.GetDirectoryName(full)!, full);
    }

    /// <summary>Parses and validates a run object; <paramref name="baseDirectory"/> anchors relative paths.</summary>
    public static TrainRunConfig FromJson(JsonObject root, string baseDirectory, string source)
    {
        var v = new Validation();
        root.Remove("$schema");
        ConfigKeys.CheckUnknown(root, typeof(TrainRunConfig), "", v, Json);
        TrainRunConfig? config = null;
        try
        {
            config = root.Deserialize<TrainRunConfig>(Json);
        }
        catch (JsonException e)
        {
            v.Add($"{(string.IsNullOrEmpty(e.Path) ? "(root)" : e.Path.TrimStart('$', '.'))}: {e.Message.Split(" Path:")[0]}");
        }
        if (config is null)
        {
            v.ThrowIfInvalid();
            throw new ConfigException([$"{source}: empty run config"]);
        }
        config = config.Resolve(baseDirectory);
        config.Validate(v);
        v.ThrowIfInvalid();
        return config;
    }

    private TrainRunConfig Resolve(string baseDirectory)
    {
        static string Local(string baseDir, string p) => Path.GetFullPath(Path.Combine(baseDir, p));
        bool s3 = Lake.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
        return this with
        {
            Lake = string.IsNullOrWhiteSpace(Lake) || s3 ? Lake : Local(baseDirectory, Lake),
            RunDir = RunDir is null ? null : Local(baseDirectory, RunDir),
            Model = Model with { VaeCheckpoint = Model.VaeCheckpoint is null ? null : Local(baseDirectory, Model.VaeCheckpoint) },
        };
    }

    public void Validate(Validation v)
    {
        if (string.IsNullOrWhiteSpace(Run) || !System.Text.RegularExpressions.Regex.IsMatch(Run, "^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"))
            v.Add($"run must be 1-64 letters, digits, '.', '_' or '-' (not starting with '.'), was '{Run}'");
        v.NotEmpty("lake", Lake);
        if (Lake.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && RunDir is null)
            v.Add("run_dir must be set for an S3 lake (checkpoints are written to a local folder)");
        v.AtLeast("steps", Steps, 1).AtLeast("checkpoint_every", CheckpointEvery, 1).AtLeast("keep_checkpoints", KeepCheckpoints, 1)
         .AtLeast("release_memory_every", ReleaseMemoryEvery, 1).AtLeast("threads", Threads, 0);
        if (OmpWaitPolicy is not ("passive" or "active")) v.Add($"omp_wait_policy must be passive or active, was '{OmpWaitPolicy}'");
        if (!TorchDevices.IsValidName(Device)) v.Add($"device must be {TorchDevices.Accepted}, was '{Device}'");
        v.AtLeast("replicas", Replicas, 1);
        if (Replicas > 1 && OmpWaitPolicy == "active")
            v.Add($"replicas {Replicas} needs omp_wait_policy passive: spinning OpenMP threads of the training thread would take a core from the replicas");
        Model.Validate(v);
        Optimizer.Validate(v);
        Stream.Validate(v);
        Feedback.Validate(v);
    }

    /// <summary>Sets up the torch runtime for this run: OpenMP wait policy (before libtorch loads), the native heap and the thread count.</summary>
    public void ApplyTorchSettings()
    {
        TorchRuntime.Prepare(OmpWaitPolicy.ToUpperInvariant());
        TorchRuntime.UseThreads(TorchThreads);
    }

    /// <summary>Torch's intra-op thread count for this run: <see cref="Threads"/>, or every core when 0.</summary>
    [JsonIgnore]
    public int TorchThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>The run folder (checkpoints, samples, eval).</summary>
    [JsonIgnore]
    public RunLayout Layout => new(RunDir ?? Path.Combine(Lake, "runs", Run));

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
