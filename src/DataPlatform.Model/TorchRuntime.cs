using System.Runtime.InteropServices;

namespace DataPlatform.Model;

/// <summary>
/// Process-wide settings of the native torch runtime, applied before libtorch loads. OpenMP worker threads
/// spin-wait by default; when other processes share the cores that made training steps several times slower
/// here (CALIBRATION.md). PASSIVE makes idle workers sleep (costs ~12% on a quiet machine, saves far more
/// under contention). An OMP_WAIT_POLICY already set by the user is left alone.
/// </summary>
public static partial class TorchRuntime
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Sets OMP_WAIT_POLICY for the native runtime unless the user set it. Must run before the first torch call
    /// (OpenMP reads it once when it loads). Returns the policy in effect.
    /// </summary>
    public static string UseOpenMpWaitPolicy(string policy = "PASSIVE")
    {
        var existing = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        if (!string.IsNullOrEmpty(existing)) return existing;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv("OMP_WAIT_POLICY", policy, 0);
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", policy);
        return policy;
    }
}
