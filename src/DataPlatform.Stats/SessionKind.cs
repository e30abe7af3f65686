namespace DataPlatform.Stats;

/// <summary>What a <see cref="LakeSession"/> is for; decides what it may touch besides the committed files.</summary>
public enum SessionKind
{
    /// <summary>User SQL: every relation a lazy view, every statement checked, nothing writable except the one output file named by the user.</summary>
    Interactive,

    /// <summary>Reports and weights: <c>sample_facts</c> (the few columns statistics read) materialised once in memory, a private scratch folder writable.</summary>
    Report,
}
