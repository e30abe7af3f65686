using DataPlatform.Core;

namespace DataPlatform.Model;

/// <summary>
/// Shape of a T5 encoder, named as in Hugging Face's T5Config so real checkpoints map one to one.
/// GatedGelu = T5 v1.1 / Flan-T5 (wi_0, wi_1); otherwise T5 v1.0 (wi, ReLU).
/// </summary>
public sealed record T5Config
{
    public int VocabSize { get; init; } = 32128;
    public int DModel { get; init; } = 512;
    public int DKv { get; init; } = 64;
    public int DFf { get; init; } = 1024;
    public int NumLayers { get; init; } = 8;
    public int NumHeads { get; init; } = 6;
    public int RelativeAttentionNumBuckets { get; init; } = 32;
    public int RelativeAttentionMaxDistance { get; init; } = 128;
    public bool GatedGelu { get; init; } = true;
    public double DropoutRate { get; init; } = 0.1;
    public double LayerNormEpsilon { get; init; } = 1e-6;

    /// <summary>A tiny T5 for tests and the CPU.</summary>
    public static T5Config Tiny => new() { VocabSize = 512, DModel = 32, DKv = 8, DFf = 64, NumLayers = 2, NumHeads = 4 };

    /// <summary>google/t5-v1_1-xl encoder shape.</summary>
    public static T5Config V11Xl => new() { DModel = 2048, DKv = 64, DFf = 5120, NumLayers = 24, NumHeads = 32 };

    /// <summary>google/t5-v1_1-xxl encoder shape (4.7B encoder).</summary>
    public static T5Config V11Xxl => new() { DModel = 4096, DKv = 64, DFf = 10240, NumLayers = 24, NumHeads = 64 };

    /// <summary>google/t5-v1_1-base encoder shape.</summary>
    public static T5Config V11Base => new() { DModel = 768, DKv = 64, DFf = 2048, NumLayers = 12, NumHeads = 12 };

    internal void Validate(Validation v) =>
        v.AtLeast("model.t5.vocab_size", VocabSize, 2).AtLeast("model.t5.d_model", DModel, 1).AtLeast("model.t5.d_kv", DKv, 1)
         .AtLeast("model.t5.d_ff", DFf, 1).AtLeast("model.t5.num_layers", NumLayers, 1).AtLeast("model.t5.num_heads", NumHeads, 1)
         .AtLeast("model.t5.relative_attention_num_buckets", RelativeAttentionNumBuckets, 2);
}
