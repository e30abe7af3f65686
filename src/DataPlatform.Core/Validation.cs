namespace DataPlatform.Core;

/// <summary>
/// Collects every validation failure of an options record so all of them are reported at once.
/// Each message names the field, the rule and the value: "ingest.workers must be at least 1, was 0".
/// </summary>
public sealed class Validation
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string error)
    {
        _errors.Add(error);
        return this;
    }

    public Validation AtLeast(string field, long value, long min)
    {
        if (value < min) _errors.Add($"{field} must be at least {min}, was {value}");
        return this;
    }

    public Validation AtLeast(string field, double value, double min)
    {
        if (!(value >= min)) _errors.Add($"{field} must be at least {min}, was {value}");
        return this;
    }

    public Validation InRange(string field, double value, double min, double max)
    {
        if (!(value >= min && value <= max)) _errors.Add($"{field} must be in [{min}, {max}], was {value}");
        return this;
    }

    public Validation MultipleOf(string field, long value, long factor)
    {
        if (factor > 0 && value % factor != 0) _errors.Add($"{field} must be a multiple of {factor}, was {value}");
        return this;
    }

    public Validation NotEmpty(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) _errors.Add($"{field} must not be empty");
        return this;
    }

    /// <summary>Throws a <see cref="ConfigException"/> listing every failure, if there were any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) throw new ConfigException(_errors.ToArray());
    }
}
