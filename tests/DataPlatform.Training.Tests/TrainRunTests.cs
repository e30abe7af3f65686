using System.Text.Json.Nodes;
using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Model;
using DataPlatform.Stats;
using DataPlatform.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataPlatform.Training.Tests;

[Collection("torch")]
public sealed class TrainRunTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]  // data-parallel replicas on their own threads
    public async Task A_run_stopped_and_resumed_matches_an_uninterrupted_run_step_by_step(int replicas)
    {
        using var lake = await TrainingLakes.CreateAsync();
        JsonObject Run(string name)
        {
            var json = TrainingLakes.RunJson(lake.Path, name, 8);
            json["replicas"] = replicas;
            return json;
        }
        var whole = new RecordingObserver();
        var done = await TrainRun.RunAsync(TrainingLakes.Config(Run("whole"), lake.Path), whole, lake.Time, default);
        Assert.False(done.Interrupted);

        // stop after step 4 (index 4, between two checkpoints and after a refresh), then resume
        using var stop = new CancellationTokenSource();
        var first = new RecordingObserver(stop, stopAtStep: 4);
        var config = TrainingLakes.Config(Run("split"), lake.Path);
        var stopped = await TrainRun.RunAsync(config, first, lake.Time, stop.Token);
        Assert.True(stopped.Interrupted);
        Assert.Equal(5, stopped.Step);
        Assert.EndsWith("step-00000005", stopped.Checkpoint);
        var second = new RecordingObserver();
        var resumed = await TrainRun.RunAsync(config, second, lake.Time, default);
        Assert.NotNull(second.Start!.ResumedFrom);
        Assert.Equal(5, second.Start.FirstStep);
        Assert.Equal("cpu", second.Start.Device);  // "auto" in the CPU build

        var split = first.Rows.Concat(second.Rows).ToList();
        Assert.Equal(whole.Rows.Select(r => r.Step), split.Select(r => r.Step));
        Assert.Equal(whole.Rows.Select(r => r.LossFlow), split.Select(r => r.LossFlow));
        Assert.Equal(whole.Rows.Select(r => r.LossPred), split.Select(r => r.LossPred));
        Assert.Equal(4, resumed.Refreshes);

        // the lake tables say the same: train_log of both runs, critic scores and weights
        using var session = await LakeSession.OpenAsync(lake.Store, LakeSessionOptions.Default, SessionKind.Report);
        var logs = session.Query("SELECT train_run, count(*), count(DISTINCT step), sum(loss_flow) FROM train_log GROUP BY train_run ORDER BY train_run").Rows;
        Assert.Equal(2, logs.Count);
        Assert.All(logs, r => Assert.Equal(8L, Convert.ToInt64(r[1])));
        Assert.All(logs, r => Assert.Equal(8L, Convert.ToInt64(r[2])));
        Assert.Equal(Convert.ToDouble(logs[0][3]), Convert.ToDouble(logs[1][3]));
        var scores = session.Query("""
            SELECT a.step, max(abs(a.score - b.score)) FROM critic_scores a JOIN critic_scores b USING (sample_id, step)
            WHERE a.train_run = 'whole' AND b.train_run = 'split' GROUP BY a.step ORDER BY a.step
            """).Rows;
        Assert.Equal([2L, 4L, 6L, 8L], scores.Select(r => Convert.ToInt64(r[0])).ToArray());
        Assert.All(scores, r => Assert.Equal(0.0, Convert.ToDouble(r[1])));
    }

    [Fact]
    public async Task A_run_trained_in_slices_with_until_step_keeps_the_whole_runs_schedule_and_losses()
    {
        using var lake = await TrainingLakes.CreateAsync();
        var whole = new RecordingObserver();
        await TrainRun.RunAsync(TrainingLakes.Config(TrainingLakes.RunJson(lake.Path, "whole", 6), lake.Path), whole, lake.Time, default);

        var config = TrainingLakes.Config(TrainingLakes.RunJson(lake.Path, "sliced", 6), lake.Path);
        var first = new RecordingObserver();
        var paused = await TrainRun.RunAsync(config, first, lake.Time, default, untilStep: 2);
        Assert.False(paused.Interrupted);
        Assert.False(paused.Finished);
        Assert.Equal(2, paused.Step);
        Assert.EndsWith("step-00000002", paused.Checkpoint);
        var second = new RecordingObserver();
        var done = await TrainRun.RunAsync(config, second, lake.Time, default);
        Assert.True(done.Finished);

        var sliced = first.Rows.Concat(second.Rows).ToList();
        Assert.Equal(whole.Rows.Select(r => r.Lr), sliced.Select(r => r.Lr));
        Assert.Equal(whole.Rows.Select(r => r.LossFlow), sliced.Select(r => r.LossFlow));
        var bad = await Assert.ThrowsAsync<ConfigException>(() => TrainRun.RunAsync(config, new RecordingObserver(), lake.Time, default, untilStep: 7));
        Assert.Contains("until_step", bad.Message);
    }

    [Fact]
    public async Task Free_memory_goes_back_to_the_system_every_release_memory_every_steps()
    {
        using var lake = await TrainingLakes.CreateAsync();
        var json = TrainingLakes.RunJson(lake.Path, "release", 5);
        json["release_memory_every"] = 2;
        var observer = new RecordingObserver();
        await TrainRun.RunAsync(TrainingLakes.Config(json, lake.Path), observer, lake.Time, default);

        var releases = observer.Notes.Where(n => n.Contains("free memory returned to the system", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, releases.Count);
        Assert.StartsWith("step 2: ", releases[0], StringComparison.Ordinal);
        Assert.StartsWith("step 4: ", releases[1], StringComparison.Ordinal);
        Assert.Matches(@"resident \d+\.\d\d -> \d+\.\d\d GB$", releases[1]);
    }

    [Fact]
    public async Task Feedback_publishes_critic_scores_and_weights_that_sum_to_one_and_logs_every_sample_loss()
    {
        using var lake = await TrainingLakes.CreateAsync(samples: 30);
        var result = await TrainRun.RunAsync(TrainingLakes.Config(TrainingLakes.RunJson(lake.Path, "fb", 4), lake.Path), new RecordingObserver(), lake.Time, default);
        Assert.Equal(2, result.Refreshes);

        using var session = await LakeSession.OpenAsync(lake.Store, LakeSessionOptions.Default, SessionKind.Report);
        Assert.Equal(2 * 30L, session.Scalar<long>("SELECT count(*) FROM critic_scores WHERE train_run = 'fb'"));
        Assert.Equal("fb-step-00000004", session.Scalar<string>("SELECT DISTINCT version FROM sample_weights"));
        Assert.Equal(1.0, session.Scalar<double>("SELECT sum(weight) FROM sample_weights"), 9);
        Assert.True(session.Scalar<double>("SELECT min(weight) FROM sample_weights") >= 0.1 / 30 - 1e-12);
        // per-sample losses: batch 4 x 4 steps, each with a finite t in [0, 1]
        Assert.Equal(16L, session.Scalar<long>("SELECT count(*) FROM sample_losses WHERE train_run = 'fb' AND t BETWEEN 0 AND 1 AND isfinite(loss_flow)"));
        Assert.Equal(4L, session.Scalar<long>("SELECT count(DISTINCT step) FROM sample_losses"));
    }

    [Fact]
    public async Task A_non_finite_loss_stops_the_run_with_a_clear_error_and_keeps_the_last_good_checkpoint()
    {
        using var lake = await TrainingLakes.CreateAsync();
        var config = TrainingLakes.Config(TrainingLakes.RunJson(lake.Path, "nan", 2, checkpointEvery: 2), lake.Path);
        await TrainRun.RunAsync(config, new RecordingObserver(), lake.Time, default);
        var checkpoint = config.Layout.LatestCheckpoint()!;

        // poison the model weights of the checkpoint, then continue the run
        var modelFile = Path.Combine(checkpoint, TrainerCheckpoint.ModelModule + ".safetensors");
        var model = new DJepaT2I(ModelPresets.Tiny);
        model.load_safetensors(modelFile);
        using (no_grad()) model.parameters().First().fill_(float.NaN);
        model.save_safetensors(modelFile);

        var error = await Assert.ThrowsAsync<TrainingDivergedException>(() =>
            TrainRun.RunAsync(config with { Steps = 4 }, new RecordingObserver(), lake.Time, default));
        Assert.Contains("step 2 has a non-finite loss", error.Message);
        Assert.Contains(checkpoint, error.Message);
        Assert.Equal(ExitCodes.CheckFailed, error.ExitCode);
        Assert.Equal(checkpoint, config.Layout.LatestCheckpoint());
    }

    [Fact]
    public async Task Resuming_with_another_seed_or_batch_size_is_refused_before_training()
    {
        using var lake = await TrainingLakes.CreateAsync();
        var json = TrainingLakes.RunJson(lake.Path, "resume-check", 2);
        await TrainRun.RunAsync(TrainingLakes.Config(json, lake.Path), new RecordingObserver(), lake.Time, default);
        json["seed"] = 9;
        json["stream"]!["batch_size"] = 8;
        json["steps"] = 4;
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            TrainRun.RunAsync(TrainingLakes.Config(json, lake.Path), new RecordingObserver(), lake.Time, default));
        Assert.Contains(error.Errors, e => e.StartsWith("seed is 9", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("stream.batch_size is 8", StringComparison.Ordinal));
    }
}

/// <summary>Where a run trains (<c>device</c>).</summary>
[Collection("torch")]
public sealed class TrainDeviceTests
{
    [Fact]
    public async Task A_run_asking_for_a_gpu_it_cannot_have_stops_before_writing_anything()
    {
        using var lake = await TrainingLakes.CreateAsync();
        var json = TrainingLakes.RunJson(lake.Path, "on-gpu", 2);
        json["device"] = "cuda:99";
        var config = TrainingLakes.Config(json, lake.Path);
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => TrainRun.RunAsync(config, new RecordingObserver(), lake.Time, default));
        Assert.StartsWith("device cuda:99: ", error.Message);
        if (!cuda_is_available()) Assert.Contains("CUDA is not available", error.Message);  // the CPU build: names the build switch
        if (!cuda_is_available()) Assert.Contains("-p:TorchDevice=cuda", error.Message);
        Assert.False(Directory.Exists(config.Layout.Directory), "the run folder was created");
    }
}

[Collection("torch")]
public sealed class VaeRunTests
{
    [Fact]
    public async Task A_run_with_a_trained_kl_vae_tokenizer_trains_and_generates_and_refuses_a_vae_of_another_shape()
    {
        using var lake = await TrainingLakes.CreateAsync(samples: 16);
        var json = TrainingLakes.RunJson(lake.Path, "vae-run", 2, checkpointEvery: 2);
        json["model"] = new System.Text.Json.Nodes.JsonObject
        {
            ["preset"] = "tiny", ["tokenizer"] = "KlVae", ["patch_size"] = 2,
            ["vae"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "base_channels": 8, "channel_multipliers": [1, 2], "latent_channels": 4 }"""),
        };
        var vaeFolder = Path.Combine(lake.Path, "vae");
        var vae = await VaeTraining.RunAsync(TrainingLakes.Config(json, lake.Path), vaeFolder, steps: 3, learningRate: 1e-3, progress: null, default);
        Assert.True(double.IsFinite(vae.LastReconstruction));

        json["model"]!["vae_checkpoint"] = vaeFolder;
        var result = await TrainRun.RunAsync(TrainingLakes.Config(json, lake.Path), new RecordingObserver(), lake.Time, default);
        Assert.Equal(2, result.Step);
        var trained = TrainedModel.Load(result.RunFolder);
        Assert.IsType<KlVae>(trained.Tokenizer);
        var image = new DataPlatform.Training.Generation.ImageGenerator(trained).Generate(["a red circle"], new DataPlatform.Training.Generation.ImageGenerationOptions { Steps = 2, OdeSteps = 2 }.Validate(trained.Config))[0];
        Assert.Equal((32, 32), (image.Width, image.Height));

        json["run"] = "vae-other";
        json["model"]!["vae"]!["latent_channels"] = 8;
        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            TrainRun.RunAsync(TrainingLakes.Config(json, lake.Path), new RecordingObserver(), lake.Time, default));
        Assert.Contains("latent_channels", error.Message);
    }
}
