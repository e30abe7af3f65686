using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class FusedAdamWTests
{
    /// <summary>Gives every parameter except the skipped ones a gradient drawn from the generator (the same for equal seeds).</summary>
    private static void SetGradients(nn.Module model, Generator generator, double scale, ISet<string> skipped)
    {
        foreach (var (name, p) in model.named_parameters())
            if (!skipped.Contains(name)) p.grad = randn(p.shape, dtype: p.dtype, generator: generator).mul(scale);
    }

    [Theory]
    [InlineData(0.5)]   // the global norm is far above: every step clips
    [InlineData(1e6)]   // never clips
    public void Matches_TorchSharps_clip_and_AdamW_step_with_both_parameter_groups(double maxNorm)
    {
        using var scope = NewDisposeScope();
        var reference = TorchFixture.Model(seed: 5);
        var fused = TorchFixture.Model(seed: 5);
        var referenceOptimizer = OptimizerFactory.Create(reference, 3e-3, 0.1);
        var fusedOptimizer = OptimizerFactory.Create(fused, 3e-3, 0.1);
        // a parameter without a gradient is left alone (its weight decay too), as TorchSharp does
        var skipped = new HashSet<string> { "context_encoder.blocks.0.image.qkv.weight", "predictor.mask_token" };
        Generator g1 = new(11), g2 = new(11);
        for (int step = 0; step < 3; step++)
        {
            SetGradients(reference, g1, 0.3, skipped);
            SetGradients(fused, g2, 0.3, skipped);
            double expectedNorm = nn.utils.clip_grad_norm_(reference.parameters().Where(p => p.grad is not null), maxNorm);
            referenceOptimizer.step();
            double norm = FusedAdamW.ClipAndStep(fusedOptimizer, maxNorm);
            Assert.Equal(expectedNorm, norm, 1e-3 * expectedNorm);
        }
        var before = TorchFixture.Model(seed: 5).named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var ((name, expected), (_, actual)) in reference.named_parameters().Zip(fused.named_parameters()))
        {
            Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-7), $"{name} differs from TorchSharp's AdamW");
            Assert.Equal(skipped.Contains(name), TorchFixture.Same(actual, before[name]));
        }
        var referenceStates = referenceOptimizer.state_dict().State.Cast<AdamW.State>();
        var fusedStates = fusedOptimizer.state_dict().State.Cast<AdamW.State>();
        foreach (var (expected, actual) in referenceStates.Zip(fusedStates))
        {
            Assert.Equal(expected.step, actual.step);
            Assert.True(actual.exp_avg.allclose(expected.exp_avg, rtol: 1e-5, atol: 1e-8));
            Assert.True(actual.exp_avg_sq.allclose(expected.exp_avg_sq, rtol: 1e-5, atol: 1e-10));
        }
    }

    [Fact]
    public void Tensors_the_kernel_cannot_reach_take_libtorchs_operators_with_the_same_result()
    {
        using var scope = NewDisposeScope();
        // float64 parameters are not for the managed kernel: the fallback must repeat TorchSharp's step exactly
        var reference = nn.Linear(7, 5).to(float64);
        var fused = nn.Linear(7, 5).to(float64);
        using (no_grad()) foreach (var (a, b) in reference.parameters().Zip(fused.parameters())) b.copy_(a);
        var referenceOptimizer = OptimizerFactory.Create(reference, 1e-2, 0.05);
        var fusedOptimizer = OptimizerFactory.Create(fused, 1e-2, 0.05);
        Generator g1 = new(3), g2 = new(3);
        for (int step = 0; step < 3; step++)
        {
            SetGradients(reference, g1, 1.0, new HashSet<string>());
            SetGradients(fused, g2, 1.0, new HashSet<string>());
            nn.utils.clip_grad_norm_(reference.parameters(), 1e6);
            referenceOptimizer.step();
            FusedAdamW.ClipAndStep(fusedOptimizer, 1e6);
        }
        Assert.All(reference.parameters().Zip(fused.parameters()), pair => Assert.True(TorchFixture.Same(pair.First, pair.Second)));
    }

    [Fact]
    public void The_vector_and_scalar_updates_give_the_same_values()
    {
        const int n = 1000 + 5;  // a tail after the last full vector
        var random = new Random(4);
        float[] Draw(float scale) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
        var (theta, grad, m) = (Draw(1), Draw(0.1f), Draw(0.01f));
        var v = Draw(1e-4f).Select(Math.Abs).ToArray();
        var c = new FusedAdamW.Coefficients(0.999f, 0.7f, 0.9f, 0.1f, 0.95f, 0.05f, 0.3f, 1e-6f, -1e-3f);
        var (t1, m1, v1) = (theta.ToArray(), m.ToArray(), v.ToArray());
        var (t2, m2, v2) = (theta.ToArray(), m.ToArray(), v.ToArray());
        FusedAdamW.Update(t1, grad, m1, v1, c, vectorized: true);
        FusedAdamW.Update(t2, grad, m2, v2, c, vectorized: false);
        Assert.Equal(t2, t1);
        Assert.Equal(m2, m1);
        Assert.Equal(v2, v1);
        Assert.NotEqual(theta, t1);

        var (e1, e2) = (theta.ToArray(), theta.ToArray());
        Ema.Blend(e1, grad, 0.99f, 0.01f, vectorized: true);
        Ema.Blend(e2, grad, 0.99f, 0.01f, vectorized: false);
        Assert.Equal(e2, e1);
        Assert.Equal(theta[n - 1] * 0.99f + 0.01f * grad[n - 1], e1[n - 1]);
    }

    [Fact]
    public void The_gradient_norm_sums_every_element()
    {
        var values = Enumerable.Range(0, 10_000 + 3).Select(i => (float)Math.Sin(i)).ToArray();
        double expected = values.Sum(x => (double)x * x);
        Assert.Equal(expected, FusedAdamW.SumOfSquares(values), 1e-6 * expected);
    }

    [Fact]
    public void Zero_grad_clears_the_gradients_in_place()
    {
        using var scope = NewDisposeScope();
        var model = nn.Linear(4, 3);
        var optimizer = OptimizerFactory.Create(model, 1e-3, 0.0);
        model.call(ones(2, 4)).sum().backward();
        var weightGrad = model.weight!.grad!;
        Assert.True(weightGrad.abs().sum().item<float>() > 0);
        FusedAdamW.ZeroGrad(optimizer);
        Assert.All(model.parameters(), p => Assert.Equal(0f, p.grad!.abs().sum().item<float>()));
        Assert.Equal(0f, weightGrad.abs().sum().item<float>());  // the same tensor, cleared
        Assert.Throws<ArgumentOutOfRangeException>(() => FusedAdamW.ClipAndStep(optimizer, 0));
    }
}
