using System.Runtime.CompilerServices;

// The S3 tests check retry classification and back-off of internal types directly.
[assembly: InternalsVisibleTo("DataPlatform.Lake.S3.Tests")]
