using System.CommandLine;
using DataPlatform.Model;

namespace DataPlatform.Cli.Commands;

/// <summary><c>--device</c> of the commands that run the model: where its weights live (default auto; <see cref="TorchDevices"/>).</summary>
internal static class DeviceOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--device")
        {
            Description = $"Where the model runs: {TorchDevices.Accepted}. auto takes the GPU when this build's libtorch has CUDA "
                + "(dotnet build -p:TorchDevice=cuda) and one is visible, else the CPU.",
            DefaultValueFactory = _ => "auto",
        };
        option.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (!TorchDevices.IsValidName(name)) result.AddError($"--device must be {TorchDevices.Accepted}, was '{name}'");
        });
        return option;
    }
}
