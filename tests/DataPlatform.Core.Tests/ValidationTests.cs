using DataPlatform.Core;

namespace DataPlatform.Core.Tests;

public class ValidationTests
{
    [Fact]
    public void Every_failure_is_reported_at_once_with_field_rule_and_value()
    {
        var v = new Validation()
            .AtLeast("ingest.workers", 0, 1)
            .InRange("weights.alpha", 1.5, 0, 1)
            .MultipleOf("bucket.token_size", 30, 16);

        var ex = Assert.Throws<ConfigException>(v.ThrowIfInvalid);

        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains("ingest.workers must be at least 1, was 0", ex.Errors);
        Assert.Contains("weights.alpha must be in [0, 1], was 1.5", ex.Errors);
        Assert.Contains("bucket.token_size must be a multiple of 16, was 30", ex.Errors);
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Fact]
    public void Valid_options_do_not_throw()
    {
        new Validation().AtLeast("x", 2, 1).NotEmpty("y", "z").ThrowIfInvalid();
    }

    [Fact]
    public void NaN_is_out_of_every_range()
    {
        var v = new Validation().InRange("lr", double.NaN, 0, 1);
        Assert.False(v.IsValid);
    }
}
