using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.References;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Tests.ErrorReporting;

/// <summary>
/// Messages that once pointed the user the wrong way, each now naming the real fault. Others live beside their
/// subject: a server that accepts and closes (RegistryFaultTests), a rule's layer name (LayerPlannerErrorTests), the
/// tags a failed push had already written (RegistryTagFailureTests).
/// </summary>
public sealed class MisleadingMessageTests
{
    [Fact]
    public void A_reference_with_two_colons_is_refused_as_written_not_read_as_library_foo_bar()
    {
        var error = Assert.Throws<ContainerizeException>(() => BaseImageReference.Parse("foo:bar:baz"));

        Assert.Equal(ErrorCodes.InvalidBaseImageReference, error.Code);
        Assert.Contains("'foo:bar:baz'", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than one ':'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("library/foo", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[2001:db8::1]")]
    [InlineData("[2001:db8::1]:5000")]
    public void An_IPv6_registry_without_a_repository_says_so_instead_of_naming_a_tag(string reference)
    {
        var error = Assert.Throws<ContainerizeException>(() => BaseImageReference.Parse(reference));

        Assert.Equal(ErrorCodes.InvalidBaseImageReference, error.Code);
        Assert.Contains("'[2001:db8::1]' but no repository", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tag", error.Message, StringComparison.Ordinal);
        Assert.Equal("[2001:db8::1]:5000", ImageReference.Parse("[2001:db8::1]:5000/team/api:1.0").Registry);
    }

    [Fact]
    public void The_plain_HTTP_refusal_names_the_property_that_allows_it()
    {
        ContainerizeException error = RegistryErrors.InsecureRefused("registry.example:5000", "team/api", new HttpRequestException("handshake"));

        Assert.Equal(ErrorCodes.RegistryInsecureRefused, error.Code);
        Assert.Contains("ContainerInsecureRegistries=registry.example:5000", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("253402300800")]
    public void A_SOURCE_DATE_EPOCH_too_large_is_called_too_late_not_not_a_whole_number(string value)
    {
        var error = Assert.Throws<ContainerizeException>(() => ReproducibleDefaults.ParseSourceDateEpoch(value));

        Assert.Equal(ErrorCodes.InvalidSourceDateEpoch, error.Code);
        Assert.Contains("after 9999-12-31", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not a whole number", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a whole number", Assert.Throws<ContainerizeException>(() => ReproducibleDefaults.ParseSourceDateEpoch("12.5")).Message, StringComparison.Ordinal);
    }
}
