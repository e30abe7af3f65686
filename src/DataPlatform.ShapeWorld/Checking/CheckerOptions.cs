using DataPlatform.Core;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>Thresholds of the pixel checker, with documented defaults tuned on rendered scenes.</summary>
public sealed record CheckerOptions
{
    /// <summary>Least blend weight towards a palette colour for a pixel to belong to an object. Default 0.5.</summary>
    public double MinAlpha { get; init; } = 0.5;

    /// <summary>Largest RGB distance between a pixel and its best blend line (else background). Default 70.</summary>
    public double MaxResidual { get; init; } = 70;

    /// <summary>Components smaller than this share of the smallest object's area are specks and dropped. Default 0.3.</summary>
    public double MinAreaFraction { get; init; } = 0.3;

    public static CheckerOptions Default { get; } = new();

    public void Validate()
    {
        new Validation()
            .InRange("checker.min_alpha", MinAlpha, 0.05, 1)
            .InRange("checker.max_residual", MaxResidual, 1, 442)
            .InRange("checker.min_area_fraction", MinAreaFraction, 0, 1)
            .ThrowIfInvalid();
    }
}
