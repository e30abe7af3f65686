using DataPlatform.Curation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Training;

/// <summary>
/// The online critic (PAPER-NOTES, "Data feedback"): a small MLP over <see cref="CriticFeatures"/> that predicts
/// how hard a sample is for the model. Its target per logged sample is the relative difficulty
/// <c>d = ½·L_flow / mean_batch(L_flow) + ½·L_pred / mean_batch(L_pred)</c>: dividing by the batch mean of the
/// same step removes the drift of the losses over training and the batch's mask ratio, leaving how this sample
/// compares with others. Records accumulate between refreshes; a refresh trains a few passes over them (a
/// generator seeded by the step, so a resumed run trains identically) and scores every sample of the index.
/// </summary>
public sealed class Critic : nn.Module
{
    private readonly Sequential net;

    public Critic(int inputs, int hidden) : base(nameof(Critic))
    {
        var output = nn.Linear(hidden, 1);
        using (no_grad()) output.bias!.fill_(1.0);  // relative difficulty averages 1: start there, not at 0
        net = nn.Sequential(nn.Linear(inputs, hidden), nn.GELU(), nn.Linear(hidden, hidden), nn.GELU(), output);
        RegisterComponents();
    }

    /// <summary>features (M, F) -> predicted difficulty (M).</summary>
    public Tensor Predict(Tensor features) => net.call(features).squeeze(-1);
}

/// <summary>A critic with its features, optimiser and the records logged since the last refresh.</summary>
public sealed class CriticTrainer
{
    public const string OptimizerFile = "critic-optimizer.bin";
    public const string BufferFile = "critic-buffer.bin";
    private readonly List<(int Ordinal, float Difficulty)> _records = [];
    private readonly FeedbackSection _options;

    public CriticTrainer(SampleIndex index, FeedbackSection options, long seed)
    {
        _options = options;
        Features = new CriticFeatures(index);
        using (var _ = new TorchGuard(seed)) Network = new Critic(Features.Width, options.CriticHidden);
        Optimizer = optim.Adam(Network.parameters(), lr: options.CriticLr);
        SampleCount = index.Samples.Count;
    }

    public Critic Network { get; }

    public CriticFeatures Features { get; }

    public Adam Optimizer { get; }

    public int SampleCount { get; }

    public int PendingRecords => _records.Count;

    /// <summary>Adds one step's samples with their relative difficulty (see <see cref="Critic"/>).</summary>
    public void Observe(IReadOnlyList<int> ordinals, IReadOnlyList<float> flow, IReadOnlyList<float> pred)
    {
        double meanFlow = Math.Max(1e-8, flow.Average()), meanPred = Math.Max(1e-8, pred.Average());
        for (int i = 0; i < ordinals.Count; i++)
            _records.Add((ordinals[i], (float)(0.5 * flow[i] / meanFlow + 0.5 * pred[i] / meanPred)));
    }

    /// <summary>Trains on the pending records (then clears them); returns the mean squared error of the last pass.</summary>
    public double Train(long step)
    {
        if (_records.Count == 0) return double.NaN;
        var gen = new Generator((ulong)(1_000_003L * (step + 1)));
        double lastLoss = double.NaN;
        Network.train();
        for (int epoch = 0; epoch < _options.CriticEpochs; epoch++)
        {
            using var scope = NewDisposeScope();
            var order = randperm(_records.Count, generator: gen).data<long>().ToArray();
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += _options.CriticBatch)
            {
                using var inner = NewDisposeScope();
                var slice = order.Skip(start).Take(_options.CriticBatch).Select(i => _records[(int)i]).ToList();
                var x = tensor(Features.Dense(slice.Select(r => r.Ordinal).ToList()), [slice.Count, Features.Width]);
                var y = tensor(slice.Select(r => r.Difficulty).ToArray());
                Optimizer.zero_grad();
                var loss = nn.functional.mse_loss(Network.Predict(x), y);
                loss.backward();
                Optimizer.step();
                sum += loss.item<float>();
                batches++;
            }
            lastLoss = sum / batches;
        }
        _records.Clear();
        return lastLoss;
    }

    /// <summary>Predicted difficulty of every sample of the index, by ordinal (at least 1e-3).</summary>
    public double[] ScoreAll(int chunk = 4096)
    {
        var scores = new double[SampleCount];
        Network.eval();
        using var noGrad = no_grad();
        for (int start = 0; start < SampleCount; start += chunk)
        {
            using var scope = NewDisposeScope();
            var ordinals = Enumerable.Range(start, Math.Min(chunk, SampleCount - start)).ToList();
            var x = tensor(Features.Dense(ordinals), [ordinals.Count, Features.Width]);
            var predicted = Network.Predict(x).data<float>().ToArray();
            for (int i = 0; i < predicted.Length; i++) scores[start + i] = Math.Max(1e-3, predicted[i]);
        }
        return scores;
    }

    public void Save(string folder)
    {
        Optimizer.save_state_dict(Path.Combine(folder, OptimizerFile));
        using var writer = new BinaryWriter(File.Create(Path.Combine(folder, BufferFile)));
        writer.Write(_records.Count);
        foreach (var (ordinal, difficulty) in _records)
        {
            writer.Write(ordinal);
            writer.Write(difficulty);
        }
    }

    /// <summary>Restores the optimiser and pending records (the weights load with the checkpoint's modules).</summary>
    public void Load(string folder)
    {
        Optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(folder, BufferFile)));
        int n = reader.ReadInt32();
        _records.Clear();
        for (int i = 0; i < n; i++) _records.Add((reader.ReadInt32(), reader.ReadSingle()));
    }

    /// <summary>Initialises the critic from its own seed without disturbing the global RNG the model's dropout uses.</summary>
    private sealed class TorchGuard : IDisposable
    {
        private readonly Tensor _saved;

        public TorchGuard(long seed)
        {
            _saved = torch.random.get_rng_state();
            torch.random.manual_seed(seed);
        }

        public void Dispose() => torch.random.set_rng_state(_saved);
    }
}
