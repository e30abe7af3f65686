namespace DataPlatform.Model;
public static class Placeholder { public static string Probe() { using var t = TorchSharp.torch.ones(2, 2); return t.sum().item<float>().ToString(System.Globalization.CultureInfo.InvariantCulture); } }
