using System.CommandLine;

namespace DataPlatform.Cli.Commands;

/// <summary><c>--omp-wait</c> of the commands that run the model: the OpenMP wait policy of torch's threads (default PASSIVE).</summary>
internal static class OmpWaitOption
{
    /// <param name="detail">what the choice means for this command, appended to the description (or empty)</param>
    public static Option<string> Create(string detail = "")
    {
        var option = new Option<string>("--omp-wait")
        {
            Description = $"OpenMP wait policy of torch's threads (unless OMP_WAIT_POLICY is set).{(detail.Length > 0 ? " " + detail : "")}",
            DefaultValueFactory = _ => "PASSIVE",
        };
        option.AcceptOnlyFromAmong("PASSIVE", "ACTIVE");
        return option;
    }
}
