using Containerize.Oci.References;

namespace Containerize.Oci.Tests.References;

/// <summary>The SDK's repository fix-up, which a project moved from PublishContainer relies on to keep its repository.</summary>
public sealed class RepositoryFixUpTests
{
    [Theory]
    [InlineData("My App", "my-app")]
    [InlineData("Contoso.Web.Api", "contoso-web-api")]
    [InlineData("Team/API", "team/api")]
    [InlineData("team/api", "team/api")]
    [InlineData("contoso.web.api", "contoso.web.api")]
    public void An_invalid_name_is_lower_cased_and_other_characters_become_dashes_and_a_valid_one_is_kept(string repository, string expected) =>
        Assert.Equal(expected, ReferenceGrammar.FixUpRepository(repository));

    [Theory]
    [InlineData("_api")]
    [InlineData("-api")]
    [InlineData("team//api")]
    [InlineData("")]
    public void A_name_that_does_not_start_with_a_letter_or_digit_or_stays_invalid_cannot_be_fixed(string repository) =>
        Assert.Null(ReferenceGrammar.FixUpRepository(repository));
}
