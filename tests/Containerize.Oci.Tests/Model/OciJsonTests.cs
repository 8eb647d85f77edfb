using System.Text;
using Containerize.Oci.Digests;
using Containerize.Oci.Model;

namespace Containerize.Oci.Tests.Model;

public sealed class OciJsonTests
{
    private static readonly Digest s_digestA = Digest.ComputeSha256("a"u8);
    private static readonly Digest s_digestB = Digest.ComputeSha256("b"u8);

    [Fact]
    public void ConfigIsWrittenInOneStableFormWithSortedMaps()
    {
        var config = new ImageConfig
        {
            Created = "2000-01-01T00:00:00Z",
            Architecture = "arm64",
            Os = "linux",
            Variant = "v8",
            Config = new ContainerConfig
            {
                User = "1654",
                ExposedPorts = new Dictionary<string, EmptyObject> { ["8080/tcp"] = EmptyObject.Instance, ["443/tcp"] = EmptyObject.Instance },
                Env = ["B=2", "A=1"],
                Entrypoint = ["/app/App"],
                WorkingDir = "/app",
                Labels = new Dictionary<string, string> { ["z"] = "last", ["a"] = "first" },
            },
            RootFileSystem = new RootFileSystem { DiffIds = [s_digestA] },
            History = [new HistoryEntry { Created = "2000-01-01T00:00:00Z", CreatedBy = "app layer" }],
        };

        string json = Encoding.UTF8.GetString(OciJson.Serialize(config));

        Assert.Equal(
            "{\"created\":\"2000-01-01T00:00:00Z\",\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\","
            + "\"config\":{\"User\":\"1654\",\"ExposedPorts\":{\"443/tcp\":{},\"8080/tcp\":{}},\"Env\":[\"B=2\",\"A=1\"],"
            + "\"Entrypoint\":[\"/app/App\"],\"WorkingDir\":\"/app\",\"Labels\":{\"a\":\"first\",\"z\":\"last\"}},"
            + $"\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{s_digestA}\"]}},"
            + "\"history\":[{\"created\":\"2000-01-01T00:00:00Z\",\"created_by\":\"app layer\"}]}",
            json);
    }

    [Fact]
    public void ManifestIsWrittenWithMediaTypeAndSortedAnnotations()
    {
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = s_digestA, Size = 1 },
            Layers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = s_digestB, Size = 2 }],
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.base.name"] = "n", ["org.opencontainers.image.base.digest"] = "d" },
        };

        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{s_digestA}\",\"size\":1}},"
            + $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"{s_digestB}\",\"size\":2}}],"
            + "\"annotations\":{\"org.opencontainers.image.base.digest\":\"d\",\"org.opencontainers.image.base.name\":\"n\"}}",
            Encoding.UTF8.GetString(OciJson.Serialize(manifest)));
    }

    [Fact]
    public void IndexIsWrittenWithPlatforms()
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [new Descriptor { MediaType = MediaTypes.OciManifest, Digest = s_digestA, Size = 3, Platform = new Platform { Os = "linux", Architecture = "arm", Variant = "v7" } }],
        };

        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + $"\"manifests\":[{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{s_digestA}\",\"size\":3,"
            + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}}]}",
            Encoding.UTF8.GetString(OciJson.Serialize(index)));
    }

    [Fact]
    public void UnknownConfigFieldsSurviveARoundTrip()
    {
        string original =
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"docker_version\":\"24.0.7\","
            + "\"config\":{\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"A=1\"],\"Volumes\":{\"/data\":{}},\"Healthcheck\":{\"Test\":[\"CMD\",\"/probe\"],\"Interval\":30000000000},\"OnBuild\":[\"RUN x\"],\"ArgsEscaped\":true},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
            + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"x\",\"empty_layer\":true,\"future\":1}]}";

        ImageConfig config = OciJson.Deserialize<ImageConfig>(Encoding.UTF8.GetBytes(original));
        string written = Encoding.UTF8.GetString(OciJson.Serialize(config with { Config = config.Config! with { User = "1654" } }));

        Assert.Equal(
            "{\"architecture\":\"amd64\",\"os\":\"linux\","
            + "\"config\":{\"User\":\"1654\",\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"A=1\"],\"Volumes\":{\"/data\":{}},\"Healthcheck\":{\"Test\":[\"CMD\",\"/probe\"],\"Interval\":30000000000},\"OnBuild\":[\"RUN x\"],\"ArgsEscaped\":true},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
            + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"x\",\"empty_layer\":true,\"future\":1}],"
            + "\"docker_version\":\"24.0.7\"}",
            written);
    }

    [Fact]
    public void DockerConfigWithNullFieldsReads()
    {
        ImageConfig config = OciJson.Deserialize<ImageConfig>(Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":null,\"Cmd\":null,\"Labels\":null},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"));

        Assert.Null(config.Config!.Entrypoint);
        Assert.Null(config.Config.Labels);
    }
}
