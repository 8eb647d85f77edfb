using Containerize.Oci.Errors;
using Containerize.Oci.Registry;
using Containerize.Tasks.Mapping;
using Containerize.Tasks.Parameters;
using Containerize.TestSupport;

namespace Containerize.Tasks.Tests.Unit;

public sealed class RegistryOptionsFactoryTests
{
    [Fact]
    public void The_registry_properties_reach_the_options_and_no_credential_is_set()
    {
        string authority = Path.Combine(RepositoryPaths.CreateWorkDirectory("ca"), "ca.pem");
        File.WriteAllText(authority, "not checked here");
        var task = new ImageTaskSettings
        {
            InsecureRegistries = ["registry.lan:5000", " other.lan ,third.lan", ""],
            RegistryCertificateAuthority = authority,
            ChunkedUpload = true,
            MaxParallelUploads = 2,
        };

        RegistryOptions options = RegistryOptionsFactory.Create(task);

        Assert.Equal(["registry.lan:5000", "other.lan", "third.lan"], options.InsecureRegistries);
        Assert.Equal(authority, options.TrustedCertificateAuthorityFile);
        Assert.True(options.ForceChunkedUpload);
        Assert.Equal(2, options.MaxParallelUploads);
        Assert.Null(options.Credential);
    }

    [Fact]
    public void Defaults_are_four_parallel_monolithic_uploads_and_the_system_trust_store()
    {
        RegistryOptions options = RegistryOptionsFactory.Create(new ImageTaskSettings());

        Assert.Equal(4, options.MaxParallelUploads);
        Assert.False(options.ForceChunkedUpload);
        Assert.Null(options.TrustedCertificateAuthorityFile);
        Assert.Empty(options.InsecureRegistries);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void A_parallel_upload_count_out_of_range_is_CTZ2018_naming_it(int count)
    {
        var error = Assert.Throws<ContainerizeException>(() => RegistryOptionsFactory.Create(new ImageTaskSettings { MaxParallelUploads = count }));

        Assert.Equal(ErrorCodes.InvalidRegistrySetting, error.Code);
        Assert.Contains($"ContainerizeMaxParallelUploads '{count}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86_401)]
    public void A_registry_timeout_out_of_range_is_CTZ2018_naming_it_and_the_default_is_300_seconds(int seconds)
    {
        var error = Assert.Throws<ContainerizeException>(() => RegistryOptionsFactory.Create(new ImageTaskSettings { RegistryTimeout = seconds }));

        Assert.Equal(ErrorCodes.InvalidRegistrySetting, error.Code);
        Assert.Contains($"ContainerizeRegistryTimeout '{seconds}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(300), RegistryOptionsFactory.Create(new ImageTaskSettings()).OperationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(42), RegistryOptionsFactory.Create(new ImageTaskSettings { RegistryTimeout = 42 }).OperationTimeout);
    }

    [Fact]
    public void A_missing_certificate_authority_file_is_CTZ2018_naming_it()
    {
        string missing = Path.Combine(RepositoryPaths.CreateWorkDirectory("ca-missing"), "nope.pem");

        var error = Assert.Throws<ContainerizeException>(() => RegistryOptionsFactory.Create(new ImageTaskSettings { RegistryCertificateAuthority = missing }));

        Assert.Equal(ErrorCodes.InvalidRegistrySetting, error.Code);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
