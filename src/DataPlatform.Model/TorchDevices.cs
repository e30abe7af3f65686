using System.Text.RegularExpressions;
using DataPlatform.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Where the model runs: "cpu", "cuda" or "cuda:N", or "auto" (the first GPU when this build's libtorch has CUDA and a
/// GPU is visible, else the CPU). The CPU build (the default, the only one served here) has no CUDA, so "auto" is the
/// CPU there; a CUDA build is <c>dotnet build -p:TorchDevice=cuda</c> (DataPlatform.Model.csproj). The noise, masks and
/// caption dropout are drawn from CPU generators and moved to the device, so a seed gives the same of them on every
/// device; dropout layers on a GPU draw from its default generator (<see cref="SeedDefaultGenerator"/>).
/// </summary>
public static partial class TorchDevices
{
    /// <summary>The names <see cref="Resolve"/> accepts, for errors and help texts.</summary>
    public const string Accepted = "auto, cpu, cuda or cuda:N";

    [GeneratedRegex("^(auto|cpu|cuda|cuda:[0-9]{1,3})$")]
    private static partial Regex NamePattern();

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Accepted"/> (a config check that loads no native code).</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>
    /// The device for a name of <see cref="Accepted"/>. Asking for a GPU that this build or machine does not have fails
    /// naming what is missing.
    /// </summary>
    public static Device Resolve(string name)
    {
        if (!IsValidName(name)) throw new InvalidInputException($"device must be {Accepted}, was '{name}'");
        if (name == "cpu") return CPU;
        bool cuda = cuda_is_available();
        if (name == "auto") return cuda ? CUDA : CPU;
        if (!cuda)
            throw new InvalidInputException($"device {name}: CUDA is not available (this build's libtorch is the CPU one, or no GPU is visible). " +
                "Build with dotnet build -p:TorchDevice=cuda on a machine with an NVIDIA GPU, or use device cpu");
        var device = new Device(name);
        int count = torch.cuda.device_count();
        if (device.index >= count) throw new InvalidInputException($"device {name}: this machine has {count} GPU(s), cuda:0 to cuda:{count - 1}");
        return device;
    }

    /// <summary>Whether a tensor lives on the device (TorchSharp's Device has no equality).</summary>
    public static bool IsOn(Tensor tensor, Device device) =>
        tensor.device_type == device.type && (device.type == DeviceType.CPU || device.index < 0 || tensor.device_index == device.index);

    /// <summary>
    /// Seeds a GPU's default generator, which dropout there draws from (TorchSharp's <c>manual_seed</c> seeds the CPU's
    /// only); nothing on the CPU.
    /// </summary>
    public static void SeedDefaultGenerator(Device device, long seed)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.manual_seed_all(seed);
    }

    /// <summary>Waits for the device's queued work (a GPU runs asynchronously; timings must wait); nothing on the CPU.</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }
}
