using Containerize.Oci.Building;
using Containerize.Oci.Registry;
using Containerize.Tasks.Logging;

namespace Containerize.Tasks.Tests.Unit;

public sealed class PushTableTests
{
    [Fact]
    public void The_summary_counts_each_outcome_and_the_bytes_sent()
    {
        RegistryPushResult result = TableTestImage.Push(TableTestImage.Create());

        Assert.Equal("Push to registry.example:5000/team/api: 1 blobs uploaded (3.0 MiB sent), 1 mounted, 1 existed", PushTable.Summary(result));
    }
}
