using System.Globalization;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>
/// Makes our image config from the base's: the platform, merged environment, labels and ports (with those that
/// ASP.NET Core's variables name, as the SDK exposes them), working directory,
/// user, entrypoint and command, the base's diffIDs and history followed by ours. Nothing comes from the clock.
/// </summary>
internal static class ImageConfigBuilder
{
    public static ImageConfig Build(ImageConfig baseConfig, Platform platform, ImageSettings settings, string user, IReadOnlyList<BuiltLayer> layers, DateTimeOffset timestamp)
    {
        string created = FormatTimestamp(timestamp);
        ContainerConfig baseContainer = baseConfig.Config ?? new ContainerConfig();
        bool setsEntrypoint = settings.Entrypoint.Count > 0;
        IReadOnlyList<string> environment = MergeEnvironment(baseContainer.Env, settings.EnvironmentVariables);
        ContainerConfig container = baseContainer with
        {
            User = user,
            Env = environment,
            WorkingDir = settings.WorkingDirectory,
            ExposedPorts = MergePorts(baseContainer.ExposedPorts, [.. settings.Ports, .. AspNetCorePorts.FromEnvironment(environment)]),
            Labels = MergeLabels(baseContainer.Labels, settings.Labels),
            Entrypoint = setsEntrypoint ? settings.Entrypoint : baseContainer.Entrypoint,

            // Docker's rule: a new ENTRYPOINT clears the base's CMD, which was written for the old entrypoint.
            Cmd = settings.Cmd.Count > 0 ? settings.Cmd : setsEntrypoint ? null : baseContainer.Cmd,
        };

        IEnumerable<HistoryEntry> ourHistory = layers.Select(layer => new HistoryEntry
        {
            Created = created,
            CreatedBy = $"Containerize.Tasks: {layer.Name} layer ({layer.FileCount} files)",
        });

        return baseConfig with
        {
            Created = created,
            Architecture = platform.Architecture,
            Os = platform.Os,
            OsVersion = platform.OsVersion,
            Variant = platform.Variant,
            Config = container,
            RootFileSystem = new RootFileSystem
            {
                DiffIds = [.. baseConfig.RootFileSystem.DiffIds, .. layers.Select(layer => layer.DiffId)],
            },
            History = [.. BaseHistory(baseConfig, created), .. ourHistory],
        };
    }

    /// <summary>
    /// The base's history, made usable: an entry without <c>created</c> gets the base's creation time (umoci stat
    /// crashes without it), and a base without history gets one entry per layer so history and diff_ids line up.
    /// </summary>
    private static IEnumerable<HistoryEntry> BaseHistory(ImageConfig baseConfig, string created)
    {
        string baseCreated = baseConfig.Created ?? created;
        if (baseConfig.History is null)
        {
            return baseConfig.RootFileSystem.DiffIds.Select(_ => new HistoryEntry { Created = baseCreated, CreatedBy = "base image layer" });
        }

        return baseConfig.History.Select(entry => entry.Created is null ? entry with { Created = baseCreated } : entry);
    }

    /// <summary>RFC 3339 in UTC with whole seconds, for example <c>2000-01-01T00:00:00Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The base's variables in their order with our values replacing theirs, then our new ones in our order.</summary>
    public static IReadOnlyList<string> MergeEnvironment(IReadOnlyList<string>? baseEnvironment, IReadOnlyList<KeyValuePair<string, string>> ours)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (string entry in baseEnvironment ?? [])
        {
            int equals = entry.IndexOf('=');
            string name = equals < 0 ? entry : entry[..equals];
            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = entry;
        }

        foreach ((string name, string value) in ours)
        {
            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = $"{name}={value}";
        }

        return order.Select(name => values[name]).ToArray();
    }

    private static IReadOnlyDictionary<string, EmptyObject>? MergePorts(IReadOnlyDictionary<string, EmptyObject>? basePorts, IReadOnlyList<ContainerPort> ours)
    {
        var ports = new SortedDictionary<string, EmptyObject>(StringComparer.Ordinal);
        // "6200" and "6200/tcp" are one port: a key without a protocol is TCP, as Docker reads it.
        foreach (string port in basePorts?.Keys ?? [])
        {
            ports[port.Contains('/', StringComparison.Ordinal) ? port : port + "/tcp"] = EmptyObject.Instance;
        }

        foreach (ContainerPort port in ours)
        {
            ports[$"{port.Number}/{ImageSettingsValidator.NormalizeProtocol(port.Protocol)}"] = EmptyObject.Instance;
        }

        return ports.Count == 0 ? null : ports;
    }

    private static IReadOnlyDictionary<string, string>? MergeLabels(IReadOnlyDictionary<string, string>? baseLabels, IReadOnlyList<KeyValuePair<string, string>> ours)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string name, string value) in baseLabels ?? new Dictionary<string, string>())
        {
            labels[name] = value;
        }

        foreach ((string name, string value) in ours)
        {
            labels[name] = value;
        }

        return labels.Count == 0 ? null : labels;
    }
}
