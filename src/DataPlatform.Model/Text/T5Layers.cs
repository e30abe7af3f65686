using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

// T5 encoder layers. Field names are Hugging Face's attribute names (STACK-NOTES T7), so state-dict keys
// read "encoder.block.N.layer.0.SelfAttention.q.weight" exactly as in public T5 checkpoints.
// Letters: B batch, L tokens, D d_model, H heads, dk d_kv, F d_ff.

/// <summary>T5 self-attention: no biases, no 1/sqrt(dk) scaling, relative position bias in the first block.</summary>
public sealed class T5Attention : nn.Module
{
    private readonly Linear q;
    private readonly Linear k;
    private readonly Linear v;
    private readonly Linear o;
    private readonly Embedding? relative_attention_bias;
    private readonly T5Config config;

    public T5Attention(T5Config config, bool hasRelativeAttentionBias) : base(nameof(T5Attention))
    {
        this.config = config;
        long inner = (long)config.NumHeads * config.DKv;
        q = nn.Linear(config.DModel, inner, hasBias: false);
        k = nn.Linear(config.DModel, inner, hasBias: false);
        v = nn.Linear(config.DModel, inner, hasBias: false);
        o = nn.Linear(inner, config.DModel, hasBias: false);
        if (hasRelativeAttentionBias) relative_attention_bias = nn.Embedding(config.RelativeAttentionNumBuckets, config.NumHeads);
        RegisterComponents();
    }

    /// <summary>Bidirectional relative position buckets as in HF's T5Attention._relative_position_bucket: (L, L).</summary>
    public static long[] Buckets(int length, int numBuckets, int maxDistance)
    {
        var result = new long[length * length];
        int half = numBuckets / 2, maxExact = half / 2;
        for (int qi = 0; qi < length; qi++)
            for (int ki = 0; ki < length; ki++)
            {
                int rel = ki - qi, n = Math.Abs(rel);
                long bucket = rel > 0 ? half : 0;
                bucket += n < maxExact ? n
                    : Math.Min(half - 1, maxExact + (long)(Math.Log((double)n / maxExact) / Math.Log((double)maxDistance / maxExact) * (half - maxExact)));
                result[qi * length + ki] = bucket;
            }
        return result;
    }

    /// <summary>Position bias (1, H, L, L) from this layer's relative_attention_bias.</summary>
    public Tensor PositionBias(int length, Device device)
    {
        if (relative_attention_bias is null) throw new InvalidOperationException("only the first T5 block has a relative attention bias");
        var buckets = tensor(Buckets(length, config.RelativeAttentionNumBuckets, config.RelativeAttentionMaxDistance), [length, length], device: device);
        return relative_attention_bias.call(buckets).permute(2, 0, 1).unsqueeze(0);  // (1, H, L, L)
    }

    /// <summary>x (B, L, D), bias (B or 1, H, L, L) incl. the padding mask -> (B, L, D).</summary>
    public Tensor forward(Tensor x, Tensor bias)
    {
        long b = x.shape[0], l = x.shape[1];
        Tensor Heads(Linear proj) => proj.call(x).view(b, l, config.NumHeads, config.DKv).transpose(1, 2);  // (B, H, L, dk)
        // T5 does not scale scores; SDPA divides by sqrt(dk), so pre-multiply q (STACK-NOTES T4).
        var attn = nn.functional.scaled_dot_product_attention(Heads(q).mul(Math.Sqrt(config.DKv)), Heads(k), Heads(v), bias,
            training ? config.DropoutRate : 0.0);  // (B, H, L, dk)
        return o.call(attn.transpose(1, 2).reshape(b, l, -1));
    }
}

/// <summary>layer.0 of a T5 block: pre-norm self-attention with residual.</summary>
public sealed class T5LayerSelfAttention : nn.Module
{
    internal readonly T5Attention SelfAttention;
    private readonly RmsNorm layer_norm;
    private readonly Dropout dropout;

    public T5LayerSelfAttention(T5Config config, bool hasRelativeAttentionBias) : base(nameof(T5LayerSelfAttention))
    {
        SelfAttention = new T5Attention(config, hasRelativeAttentionBias);
        layer_norm = new RmsNorm(config.DModel, config.LayerNormEpsilon);  // T5 LayerNorm: RMS, no mean, no bias
        dropout = nn.Dropout(config.DropoutRate);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor bias) => x.add(dropout.call(SelfAttention.forward(layer_norm.call(x), bias)));
}

/// <summary>layer.1 of a T5 block: pre-norm feed-forward (gated-GELU for v1.1: wi_0, wi_1, wo; ReLU for v1.0: wi, wo).</summary>
public sealed class T5LayerFF : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> DenseReluDense;
    private readonly RmsNorm layer_norm;
    private readonly Dropout dropout;

    public T5LayerFF(T5Config config) : base(nameof(T5LayerFF))
    {
        DenseReluDense = config.GatedGelu ? new T5DenseGatedActDense(config) : new T5DenseActDense(config);
        layer_norm = new RmsNorm(config.DModel, config.LayerNormEpsilon);
        dropout = nn.Dropout(config.DropoutRate);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x.add(dropout.call(DenseReluDense.call(layer_norm.call(x))));
}

/// <summary>T5 v1.1 feed-forward: wo(gelu_new(wi_0 x) · wi_1 x).</summary>
public sealed class T5DenseGatedActDense : nn.Module<Tensor, Tensor>
{
    private readonly Linear wi_0;
    private readonly Linear wi_1;
    private readonly Linear wo;
    private readonly Dropout dropout;

    public T5DenseGatedActDense(T5Config config) : base(nameof(T5DenseGatedActDense))
    {
        wi_0 = nn.Linear(config.DModel, config.DFf, hasBias: false);
        wi_1 = nn.Linear(config.DModel, config.DFf, hasBias: false);
        wo = nn.Linear(config.DFf, config.DModel, hasBias: false);
        dropout = nn.Dropout(config.DropoutRate);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => wo.call(dropout.call(GeluNew(wi_0.call(x)).mul(wi_1.call(x))));

    /// <summary>The tanh approximation of GELU that T5 v1.1 uses ("gelu_new").</summary>
    public static Tensor GeluNew(Tensor x) =>
        x.mul(0.5).mul(x.add(x.pow(3).mul(0.044715)).mul(Math.Sqrt(2.0 / Math.PI)).tanh().add(1));
}

/// <summary>T5 v1.0 feed-forward: wo(relu(wi x)).</summary>
public sealed class T5DenseActDense : nn.Module<Tensor, Tensor>
{
    private readonly Linear wi;
    private readonly Linear wo;
    private readonly Dropout dropout;

    public T5DenseActDense(T5Config config) : base(nameof(T5DenseActDense))
    {
        wi = nn.Linear(config.DModel, config.DFf, hasBias: false);
        wo = nn.Linear(config.DFf, config.DModel, hasBias: false);
        dropout = nn.Dropout(config.DropoutRate);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => wo.call(dropout.call(nn.functional.relu(wi.call(x))));
}

/// <summary>One T5 encoder block: layer = [self-attention, feed-forward].</summary>
public sealed class T5Block : nn.Module
{
    private readonly ModuleList<nn.Module> layer;

    public T5Block(T5Config config, bool hasRelativeAttentionBias) : base(nameof(T5Block))
    {
        layer = new ModuleList<nn.Module>(new T5LayerSelfAttention(config, hasRelativeAttentionBias), new T5LayerFF(config));
        RegisterComponents();
    }

    internal T5Attention Attention => ((T5LayerSelfAttention)layer[0]).SelfAttention;

    public Tensor forward(Tensor x, Tensor bias) => ((T5LayerFF)layer[1]).call(((T5LayerSelfAttention)layer[0]).forward(x, bias));
}

/// <summary>The encoder stack: block list and final_layer_norm.</summary>
public sealed class T5Stack : nn.Module
{
    private readonly ModuleList<T5Block> block;
    private readonly RmsNorm final_layer_norm;
    private readonly Dropout dropout;

    public T5Stack(T5Config config) : base(nameof(T5Stack))
    {
        block = new ModuleList<T5Block>();
        for (int i = 0; i < config.NumLayers; i++) block.Add(new T5Block(config, i == 0));
        final_layer_norm = new RmsNorm(config.DModel, config.LayerNormEpsilon);
        dropout = nn.Dropout(config.DropoutRate);
        RegisterComponents();
    }

    /// <summary>embedded (B, L, D), mask (B, L) bool -> (B, L, D).</summary>
    public Tensor forward(Tensor embedded, Tensor mask)
    {
        long b = embedded.shape[0], l = embedded.shape[1];
        var padding = zeros([b, 1, 1, l], device: embedded.device).masked_fill(mask.logical_not().view(b, 1, 1, l), float.MinValue);
        var bias = block[0].Attention.PositionBias((int)l, embedded.device).add(padding);  // (B, H, L, L)
        var x = dropout.call(embedded);
        foreach (var layerBlock in block) x = layerBlock.forward(x, bias);
        return dropout.call(final_layer_norm.call(x));
    }
}
