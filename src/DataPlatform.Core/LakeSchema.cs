namespace DataPlatform.Core;

/// <summary>Version of the lake's row and commit-record schemas; bump on any incompatible change.</summary>
public static class LakeSchema
{
    public const int Version = 1;
}
