using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class TrainingTests
{
    private static (DJepaTrainer trainer, Tensor images, TextBatch text) Setup(ModelConfig config, double lr = 1e-3, int replicas = 1,
        bool sequential = false)
    {
        var model = TorchFixture.Model(config);
        var ema = Ema.CreateCopy(model);
        var optimizer = OptimizerFactory.Create(model, lr, 0.02);
        var trainer = new DJepaTrainer(model, ema, new PatchTokenizer(config.PatchSize), optimizer, new Generator(7), replicas) { SequentialReplicas = sequential };
        var images = TorchFixture.Images(4, 32, 32);
        var text = model.TextEncoder.Tokenize(TorchFixture.Captions, config.MaxTextTokens);
        return (trainer, images, text);
    }

    [Fact]
    public void The_losses_are_smooth_l1_with_beta_2_on_the_masked_tokens_and_four_flow_draws_per_masked_token()
    {
        using var scope = NewDisposeScope();
        var (trainer, images, text) = Setup(TorchFixture.Tiny);
        var (model, target) = (trainer.Model, trainer.EmaModel);
        using (no_grad())
            foreach (var p in target.parameters()) p.add_(randn_like(p).mul(0.5));  // a target unlike the student's start
        var grid = new PatchTokenizer(4).Encode(images);
        var mask = Masking.Plan(4, 64, 0.75, new Generator(1));
        var generator = new Generator(2);
        var loss = DJepaLoss.Compute(model, target, grid, text, mask, generator);

        using (no_grad())
        {
            Tensor Masked(Tensor features) => features.gather(1, mask.MaskedIdx.unsqueeze(-1).expand(-1, -1, features.shape[2]));
            var z = model.PredictFeatures(grid.Tokens, mask.VisibleIdx, 8, 8, model.EncodeText(text), text.Mask);
            var difference = model.PredictTarget(Masked(z)).sub(Masked(target.TargetFeatures(grid.Tokens, 8, 8, text))).abs();  // (B, Nm, D)
            var smoothL1 = where(difference.lt(2), difference.square().mul(0.5 / 2), difference.sub(1));  // β = 2
            Assert.True(difference.lt(2).any().item<bool>() && difference.ge(2).any().item<bool>(), "both sides of β must be exercised");
            Assert.True(loss.PredPerSample.allclose(smoothL1.mean([2]).mean([1]), rtol: 1e-5, atol: 1e-6));
        }

        // L_flow drew one (noise, t) per masked token and repeat: the generator moved by (M, C) normals and M uniforms, M = B·Nm·4
        var replay = new Generator(2);
        long m = 4L * mask.MaskedCount * 4;
        randn([m, TorchFixture.Tiny.TokenChannels], generator: replay);
        rand([m], generator: replay);
        Assert.True(TorchFixture.Same(generator.get_state(), replay.get_state()));
        rand([1], generator: replay);
        Assert.False(TorchFixture.Same(generator.get_state(), replay.get_state()), "one draw more must show (control)");
    }

    [Fact]
    public void Target_encoder_receives_no_gradient()
    {
        using var scope = NewDisposeScope();
        var (trainer, images, text) = Setup(TorchFixture.Tiny);
        var before = trainer.EmaModel.parameters().Select(p => p.detach().clone()).ToList();
        var grid = new PatchTokenizer(4).Encode(images);
        var loss = DJepaLoss.Compute(trainer.Model, trainer.EmaModel, grid, text, Masking.Plan(4, 64, 0.8, new Generator(1)), new Generator(2));
        loss.Total.backward();
        Assert.All(trainer.EmaModel.parameters(), p => Assert.Null(p.grad));
        Assert.Contains(trainer.Model.parameters(), p => p.grad is not null && p.grad.abs().sum().item<float>() > 0);
        Assert.All(trainer.EmaModel.parameters().Zip(before), pair => Assert.True(TorchFixture.Same(pair.First, pair.Second)));
    }

    [Fact]
    public void Ema_update_moves_each_weight_by_one_minus_decay_towards_the_source()
    {
        using var scope = NewDisposeScope();
        var source = TorchFixture.Model(seed: 1);
        var ema = TorchFixture.Model(seed: 2);
        var e0 = ema.parameters().Select(p => p.detach().clone()).ToList();
        Ema.Update(ema, source, 0.9);
        foreach (var ((after, before), theta) in ema.parameters().Zip(e0).Zip(source.parameters()))
            Assert.True(after.allclose(before.mul(0.9).add(theta.mul(0.1)), rtol: 1e-5, atol: 1e-6));
        Ema.CopyFrom(ema, source);
        Assert.All(ema.parameters().Zip(source.parameters()), pair => Assert.True(TorchFixture.Same(pair.First, pair.Second)));
        var wider = TorchFixture.Model(TorchFixture.Tiny with { HeadWidth = 32 });
        var error = Assert.Throws<ArgumentException>(() => Ema.Update(wider, source, 0.9));
        Assert.Contains("token_head", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_few_optimiser_steps_on_one_fixed_batch_lower_both_losses(int replicas)
    {
        using var scope = NewDisposeScope();
        var (trainer, images, text) = Setup(TorchFixture.Tiny with { CaptionDropout = 0 }, lr: 2e-3, replicas);
        var grid = new PatchTokenizer(4).Encode(images);
        (double flow, double pred) Evaluate()
        {
            using var s = NewDisposeScope();
            using var g = no_grad();
            var l = DJepaLoss.Compute(trainer.Model, trainer.EmaModel, grid, text, Masking.Plan(4, 64, 0.85, new Generator(99)), new Generator(98));
            return (l.Flow.item<float>(), l.Pred.item<float>());
        }
        var before = Evaluate();
        for (int i = 0; i < 30; i++) trainer.Step(images, text, learningRate: 2e-3, weightDecay: 0.0, emaDecay: 0.9);
        var after = Evaluate();
        Assert.True(after.flow < 0.9 * before.flow, $"L_flow {before.flow} -> {after.flow}");
        Assert.True(after.pred < before.pred, $"L_pred {before.pred} -> {after.pred}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]  // parts of 1, 1 and 2 samples
    public void Step_returns_per_sample_losses_whose_mean_is_the_batch_loss(int replicas)
    {
        using var scope = NewDisposeScope();
        var (trainer, images, text) = Setup(TorchFixture.Tiny, replicas: replicas);
        var result = trainer.Step(images, text, 1e-3, 0.02);
        Assert.Equal(4, result.FlowPerSample.Length);
        Assert.Equal(result.Flow, result.FlowPerSample.Average(), 4);
        Assert.Equal(result.Pred, result.PredPerSample.Average(), 4);
        Assert.InRange(result.MaskRatio, 0.7, 1.0);
    }

    [Fact]
    public void Replicas_on_their_threads_give_the_steps_they_give_one_after_another_and_repeat_for_a_seed()
    {
        using var scope = NewDisposeScope();
        var config = ModelPresets.Tiny with { Dropout = 0.1 };  // dropout masks must follow each replica's generator
        var (parallel, images, text) = Setup(config, replicas: 2);
        var (sequential, _, _) = Setup(config, replicas: 2, sequential: true);
        var (again, _, _) = Setup(config, replicas: 2);

        var steps = new[] { parallel, sequential, again }.Select(t => Enumerable.Range(0, 3).Select(_ => t.Step(images, text, 1e-3, 0.02)).ToList()).ToList();

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(steps[1][i].Total, steps[0][i].Total);  // gradients of the parts add up in either order, bitwise
            Assert.Equal(steps[1][i].FlowPerSample, steps[0][i].FlowPerSample);
            Assert.Equal(steps[0][i].Total, steps[2][i].Total);
        }
        Assert.All(parallel.Model.parameters().Zip(sequential.Model.parameters()), pair => Assert.True(TorchFixture.Same(pair.First, pair.Second)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Setup(config, replicas: 0));
    }

    [Fact]
    public void Consecutive_batches_may_come_from_different_buckets()
    {
        using var scope = NewDisposeScope();
        var (trainer, images, text) = Setup(TorchFixture.Tiny);
        var square = trainer.Step(images, text, 1e-3, 0.02);
        var wide = trainer.Step(TorchFixture.Images(4, 16, 64), text, 1e-3, 0.02);  // 4 x 16 tokens
        var tall = trainer.Step(TorchFixture.Images(4, 48, 8), text, 1e-3, 0.02);   // 12 x 2 tokens
        Assert.Equal((64, 64, 24), (square.Tokens, wide.Tokens, tall.Tokens));
        Assert.All(new[] { square, wide, tall }, r => Assert.True(double.IsFinite(r.Total) && r.Total > 0));
    }

    [Fact]
    public void Weight_decay_applies_to_two_dimensional_block_weights_only()
    {
        var model = TorchFixture.Model();
        var decayed = model.named_parameters().Where(p => OptimizerFactory.Decays(p.name, p.parameter)).Select(p => p.name).ToList();
        Assert.Contains("context_encoder.blocks.0.image.qkv.weight", decayed);
        Assert.Contains("predictor.blocks.1.text.mlp.fc2.weight", decayed);
        Assert.DoesNotContain("context_encoder.blocks.0.image.qkv.bias", decayed);
        Assert.DoesNotContain("context_encoder.buffer", decayed);
        Assert.DoesNotContain("predictor.mask_token", decayed);
    }

    [Fact]
    public void Resuming_from_saved_state_repeats_the_uninterrupted_losses_exactly()
    {
        using var scope = NewDisposeScope();
        using var dir = new DataPlatform.Testing.TempDirectory();
        var config = ModelPresets.Tiny;  // with dropout: the global RNG state matters
        var (straight, images, text) = Setup(config);
        var expected = Enumerable.Range(0, 4).Select(_ => straight.Step(images, text, 1e-3, 0.02).Total).ToArray();

        var (first, _, _) = Setup(config);
        first.Step(images, text, 1e-3, 0.02);
        first.Step(images, text, 1e-3, 0.02);
        Checkpoint.Save(Path.Combine(dir.Path, "ckpt"), config, new Dictionary<string, nn.Module> { ["model"] = first.Model, ["ema"] = first.EmaModel });
        TrainingResume.Save(Path.Combine(dir.Path, "ckpt", "resume"), first.Optimizer, first.Generator);

        var (resumed, _, _) = Setup(config);
        torch.random.manual_seed(12345);  // disturb the global RNG: resume must restore it
        Checkpoint.Load(Path.Combine(dir.Path, "ckpt"), config, new Dictionary<string, nn.Module> { ["model"] = resumed.Model, ["ema"] = resumed.EmaModel });
        TrainingResume.Load(Path.Combine(dir.Path, "ckpt", "resume"), resumed.Optimizer, resumed.Generator);
        var actual = new[] { resumed.Step(images, text, 1e-3, 0.02).Total, resumed.Step(images, text, 1e-3, 0.02).Total };
        Assert.Equal(expected[2], actual[0]);
        Assert.Equal(expected[3], actual[1]);
    }
}
