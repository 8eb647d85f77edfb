using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;
using Containerize.Oci.Tests.Sources;

namespace Containerize.Oci.Tests.Building;

public sealed class UserResolverTests
{
    private static async Task<SourceImage> BaseWith(params TestLayer[] layers)
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("user-base"));
        layout.WriteIndex((layout.AddImage(layers, TestLayoutBuilder.Amd64), "t"));
        return await new OciLayoutImageSource("oci:base:t", layout.Directory, "t").ResolveAsync(TestLayoutBuilder.Amd64, default);
    }

    [Theory]
    [InlineData("app", "1654:1654")]
    [InlineData("root", "0:0")]
    [InlineData("app:staff", "1654:50")]
    [InlineData("app:0", "1654:0")]
    [InlineData("1000", "1000")]
    [InlineData("1000:2000", "1000:2000")]
    [InlineData("1000:staff", "1000:50")]
    public async Task ResolvesNamesFromTheBaseLayers(string user, string expected)
    {
        SourceImage image = await BaseWith([.. TestLayoutBuilder.PasswdLayers()]);

        Assert.Equal(expected, await UserResolver.ResolveAsync(user, null, image, default));
    }

    [Theory]
    [InlineData(new[] { "APP_UID=4242" }, "4242")]
    [InlineData(new[] { "APP_UID=1", "APP_UID=7" }, "7")]
    [InlineData(new[] { "APP_UID=app" }, "1654")]
    [InlineData(new string[0], "1654")]
    public async Task DefaultsToTheBasesAppUid(string[] environment, string expected)
    {
        SourceImage image = await new ScratchImageSource().ResolveAsync(TestLayoutBuilder.Amd64, default);

        Assert.Equal(expected, await UserResolver.ResolveAsync(null, environment, image, default));
    }

    [Fact]
    public async Task TheTopmostLayerWins()
    {
        TestLayer upper = TestLayer.Create(("etc", null), ("etc/passwd", "app:x:2000:2001::/home/app:/bin/false\n"));
        SourceImage image = await BaseWith([.. TestLayoutBuilder.PasswdLayers(), upper]);

        Assert.Equal("2000:2001", await UserResolver.ResolveAsync("app", null, image, default));
    }

    [Theory]
    [InlineData("etc/.wh.passwd")]
    [InlineData("etc/.wh..wh..opq")]
    [InlineData(".wh.etc")]
    public async Task AWhiteoutHidesTheLowerPasswd(string whiteout)
    {
        TestLayer upper = TestLayer.Create((whiteout, ""));
        SourceImage image = await BaseWith([.. TestLayoutBuilder.PasswdLayers(), upper]);

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => UserResolver.ResolveAsync("app", null, image, default));

        Assert.Equal(ErrorCodes.InvalidUser, exception.Code);
        Assert.Contains("has no /etc/passwd", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOpaqueDirectoryKeepsItsOwnFiles()
    {
        TestLayer upper = TestLayer.Create(("etc", null), ("etc/.wh..wh..opq", ""), ("etc/passwd", "svc:x:300:300::/:/bin/false\n"));
        SourceImage image = await BaseWith([.. TestLayoutBuilder.PasswdLayers(), upper]);

        Assert.Equal("300:300", await UserResolver.ResolveAsync("svc", null, image, default));
    }

    [Theory]
    [InlineData("nobody", "'nobody' is not in /etc/passwd")]
    [InlineData("app:wheel", "'wheel' is not in /etc/group")]
    [InlineData(":1", "empty user or group")]
    public async Task UnknownNamesAreInvalidUser(string user, string message)
    {
        SourceImage image = await BaseWith([.. TestLayoutBuilder.PasswdLayers()]);

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => UserResolver.ResolveAsync(user, null, image, default));

        Assert.Equal(ErrorCodes.InvalidUser, exception.Code);
        Assert.Contains($"'{user}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameOnScratchIsInvalidUser()
    {
        SourceImage image = await new ScratchImageSource().ResolveAsync(TestLayoutBuilder.Amd64, default);

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => UserResolver.ResolveAsync("app", null, image, default));

        Assert.Equal(ErrorCodes.InvalidUser, exception.Code);
        Assert.Contains("scratch", exception.Message, StringComparison.Ordinal);
    }
}
