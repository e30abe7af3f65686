using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// AdamW of the D-JEPA recipe: β (0.9, 0.95), eps 1e-6; two parameter groups, weight decay only on the 2-D
/// weights of transformer blocks (group 0), none on biases, norms, embeddings, positions, buffer and mask tokens (group 1).
/// </summary>
public static class OptimizerFactory
{
    public const int DecayGroup = 0;
    public const int NoDecayGroup = 1;

    /// <summary>True for parameters that get weight decay: 2-D weights inside transformer blocks.</summary>
    public static bool Decays(string name, Parameter p) =>
        p.dim() == 2 && name.EndsWith(".weight", StringComparison.Ordinal)
        && (name.Contains(".blocks.", StringComparison.Ordinal) || name.Contains(".block.", StringComparison.Ordinal));

    public static AdamW Create(nn.Module model, double learningRate, double weightDecay)
    {
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var decay = trainable.Where(p => Decays(p.name, p.parameter)).Select(p => p.parameter).ToList();
        var noDecay = trainable.Where(p => !Decays(p.name, p.parameter)).Select(p => p.parameter).ToList();
        var groups = new[]
        {
            new AdamW.ParamGroup(decay, new AdamW.Options { LearningRate = learningRate, weight_decay = weightDecay }),
            new AdamW.ParamGroup(noDecay, new AdamW.Options { LearningRate = learningRate, weight_decay = 0.0 }),
        };
        return optim.AdamW(groups, lr: learningRate, beta1: 0.9, beta2: 0.95, eps: 1e-6, weight_decay: weightDecay);
    }

    /// <summary>Sets this step's learning rate (all groups) and weight decay (decay group only).</summary>
    public static void SetSchedule(AdamW optimizer, double learningRate, double weightDecay)
    {
        int i = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
            ((AdamW.ParamGroup)group).Options.weight_decay = i++ == DecayGroup ? weightDecay : 0.0;
        }
    }
}
