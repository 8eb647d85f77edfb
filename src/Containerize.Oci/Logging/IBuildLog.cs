namespace Containerize.Oci.Logging;

/// <summary>Where the library reports progress; the MSBuild tasks forward it to the build log.</summary>
public interface IBuildLog
{
    /// <summary>A line for normal verbosity (what was built, pushed, written and where).</summary>
    void Info(string message);

    /// <summary>A line for detailed verbosity only.</summary>
    void Detail(string message);

    /// <summary>Something the user should look at, with a stable code.</summary>
    void Warning(string code, string message);
}

/// <summary>A log that drops everything (tests and callers that do not care).</summary>
public sealed class NullBuildLog : IBuildLog
{
    public static readonly NullBuildLog Instance = new();

    public void Info(string message) { }

    public void Detail(string message) { }

    public void Warning(string code, string message) { }
}
