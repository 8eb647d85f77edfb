using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.DropIn;

/// <summary>
/// A repository as a CI step sees it: two web services, a worker, a class library and an xunit test project, with the
/// package referenced once, in Directory.Build.props; and a project that does not reference it at all (Legacy), in a
/// second solution only. Made from the samples (the web services are WebApi, the worker is ConsoleApp) inside a
/// <see cref="SampleWorkspace"/>, so the local feed and the samples' settings apply.
/// </summary>
internal static class SolutionWorkspace
{
    public const string Solution = "services.slnx";

    /// <summary>In its own folder with the Directory.Solution.targets that docs/properties.md gives for such solutions.</summary>
    public const string SolutionWithLegacy = "legacy/with-legacy.slnx";

    public static string Create(SampleWorkspace workspace)
    {
        string root = Path.Combine(workspace.Root, "Services");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), """
            <Project>
              <Import Project="../Directory.Build.props" />
              <ItemGroup Condition="'$(MSBuildProjectName)' != 'Legacy'">
                <PackageReference Include="Containerize.Tasks" Version="$(ContainerizeTasksVersion)" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        string[] selfContained = ["<RuntimeIdentifier>linux-x64</RuntimeIdentifier>", "<SelfContained>true</SelfContained>"];
        CopyProject(workspace.ProjectDirectory("WebApi"), Path.Combine(root, "OrdersApi"), "WebApi", "OrdersApi", selfContained);
        CopyProject(workspace.ProjectDirectory("WebApi"), Path.Combine(root, "BillingApi"), "WebApi", "BillingApi", selfContained);
        CopyProject(workspace.ProjectDirectory("ConsoleApp"), Path.Combine(root, "Worker"), "ConsoleApp", "Worker", selfContained);
        CopyProject(workspace.ProjectDirectory("WebApi.Core"), Path.Combine(root, "WebApi.Core"), "WebApi.Core", "WebApi.Core", []);
        CopyProject(workspace.ProjectDirectory("ConsoleApp"), Path.Combine(root, "Legacy"), "ConsoleApp", "Legacy", []);
        Directory.CreateDirectory(Path.Combine(root, "Tests"));
        File.WriteAllText(Path.Combine(root, "Tests", "Tests.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                <ProjectReference Include="../WebApi.Core/WebApi.Core.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "Tests", "GreeterTests.cs"), """
            public class GreeterTests
            {
                [Xunit.Fact]
                public void Greets() => Xunit.Assert.NotEmpty(WebApi.Core.Greeter.Greet("x", System.Globalization.CultureInfo.InvariantCulture));
            }
            """);
        string[] projects = ["OrdersApi/OrdersApi.csproj", "BillingApi/BillingApi.csproj", "Worker/Worker.csproj", "WebApi.Core/WebApi.Core.csproj", "Tests/Tests.csproj"];
        File.WriteAllText(Path.Combine(root, Solution), SolutionFile(projects));
        Directory.CreateDirectory(Path.Combine(root, "legacy"));
        File.WriteAllText(Path.Combine(root, SolutionWithLegacy), SolutionFile(projects.Append("Legacy/Legacy.csproj").Select(project => "../" + project)));
        File.WriteAllText(Path.Combine(root, "legacy", "Directory.Solution.targets"), DocumentedSolutionTargets());
        return root;
    }

    /// <summary>The Directory.Solution.targets of docs/properties.md, taken from the page so the page stays true.</summary>
    private static string DocumentedSolutionTargets()
    {
        string page = File.ReadAllText(Path.Combine(TestSupport.RepositoryPaths.Root, "docs", "properties.md"));
        int start = page.IndexOf("```xml\n<!-- Directory.Solution.targets", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("docs/properties.md has no Directory.Solution.targets block.");
        }

        start = page.IndexOf('\n', start) + 1;
        return page[start..page.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static string SolutionFile(IEnumerable<string> projects) =>
        "<Solution>\n" + string.Concat(projects.Select(project => $"  <Project Path=\"{project}\" />\n")) + "</Solution>\n";

    /// <summary>A sample under another name, without its own package reference (the solution's Directory.Build.props has it).</summary>
    private static void CopyProject(string source, string destination, string oldName, string newName, string[] extraProperties)
    {
        SampleWorkspace.CopyDirectory(source, destination);
        string oldProject = Path.Combine(destination, $"{oldName}.csproj");
        string text = File.ReadAllText(oldProject)
            .Replace($"<AssemblyName>{oldName}</AssemblyName>", $"<AssemblyName>{newName}</AssemblyName>", StringComparison.Ordinal)
            .Replace("<PackageReference Include=\"Containerize.Tasks\" Version=\"$(ContainerizeTasksVersion)\" PrivateAssets=\"all\" />", "", StringComparison.Ordinal)
            .Replace("<PropertyGroup>", "<PropertyGroup>" + string.Concat(extraProperties), StringComparison.Ordinal);
        File.Delete(oldProject);
        File.WriteAllText(Path.Combine(destination, $"{newName}.csproj"), text);
    }
}
