namespace DataPlatform.Testing;

/// <summary>Where the built <c>dp</c> command line lives, for tests that run it as a child process.</summary>
public static class DpExecutable
{
    /// <summary>
    /// <c>src/DataPlatform.Cli/bin/&lt;config&gt;/&lt;tfm&gt;/linux-x64/dp.dll</c> for the configuration and
    /// target framework of the calling test (the Cli is built for linux-x64 because of TorchSharp's
    /// natives, STACK-NOTES T2). Test projects reference the Cli with ReferenceOutputAssembly=false so it
    /// is built first but not copied.
    /// </summary>
    public static string DllPath
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            if (output.Name == "linux-x64") output = output.Parent!;  // a test project built for linux-x64 itself (TorchSharp)
            var dll = Path.Combine(InfraScripts.RepoRoot, "src", "DataPlatform.Cli", "bin",
                output.Parent!.Name, output.Name, "linux-x64", "dp.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"dp is not built at {dll}");
        }
    }
}
