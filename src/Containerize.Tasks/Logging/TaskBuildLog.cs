using Containerize.Oci.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Containerize.Tasks.Logging;

/// <summary>Forwards the library's progress to the MSBuild log: Info at normal verbosity, Detail at detailed.</summary>
internal sealed class TaskBuildLog : IBuildLog
{
    private readonly TaskLoggingHelper _log;

    public TaskBuildLog(TaskLoggingHelper log)
    {
        _log = log;
    }

    public void Info(string message) => _log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => _log.LogMessage(MessageImportance.Low, message);

    public void Warning(string code, string message) =>
        _log.LogWarning(subcategory: null, code, helpKeyword: null, file: null, 0, 0, 0, 0, message);
}
