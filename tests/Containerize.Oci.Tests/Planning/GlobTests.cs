using Containerize.Oci.Planning;

namespace Containerize.Oci.Tests.Planning;

public sealed class GlobTests
{
    [Theory]
    [InlineData("wwwroot/**", "wwwroot/css/site.css", true)]
    [InlineData("wwwroot/**", "wwwrootx/site.css", false)]
    [InlineData("wwwroot/", "wwwroot/js/a/b.js", true)]
    [InlineData("wwwroot\\**", "wwwroot/index.html", true)]
    [InlineData("./lib/*", "lib/x.so", true)]
    [InlineData("*.json", "appsettings.json", true)]
    [InlineData("*.json", "config/appsettings.json", false)]
    [InlineData("**/*.json", "config/appsettings.json", true)]
    [InlineData("**/*.json", "appsettings.json", true)]
    [InlineData("**/de/**", "x/de/y/App.resources.dll", true)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/x/y/c", false)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    [InlineData("?", "/", false)]
    [InlineData("*", "a/b", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbYcZ", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("*.dll", "App.DLL", false)]
    [InlineData("App.dll", "App.dll", true)]
    [InlineData("runtimes/*/native/*", "runtimes/linux-x64/native/libe_sqlite3.so", true)]
    public void Matches_whole_relative_paths_ordinally(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, Glob.Parse(pattern).IsMatch(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/app/**")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("x**")]
    [InlineData("**.json")]
    public void Rejects_malformed_patterns(string pattern)
    {
        Assert.Throws<FormatException>(() => Glob.Parse(pattern));
    }

    [Fact]
    public void Keeps_the_pattern_as_written()
    {
        Assert.Equal("wwwroot\\**", Glob.Parse("wwwroot\\**").Pattern);
    }
}
