using System.Text;
using DataPlatform.Core;

namespace DataPlatform.Core.Tests;

public class SampleIdsTests
{
    [Fact]
    public void Sha256_matches_the_known_digest_of_abc()
    {
        Assert.Equal(
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            SampleIds.Sha256Hex(Encoding.ASCII.GetBytes("abc")));
    }

    [Fact]
    public void Same_image_with_another_caption_is_another_sample()
    {
        var image = SampleIds.Sha256Hex([1, 2, 3]);
        Assert.NotEqual(SampleIds.ForSample(image, "a red circle"), SampleIds.ForSample(image, "a blue circle"));
        Assert.Equal(SampleIds.ForSample(image, "a red circle"), SampleIds.ForSample(image, "a red circle"));
    }

    [Fact]
    public void Reject_reason_codes_round_trip()
    {
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            Assert.Equal(reason, RejectReasons.Parse(reason.Code()));
        }
        Assert.Throws<InvalidInputException>(() => RejectReasons.Parse("no_such_reason"));
    }
}
