using Containerize.Oci.Errors;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Planning;

/// <summary>Turns the publish output and the user's rules into the ordered layers of the image.</summary>
/// <remarks>
/// Order: runtime (Microsoft.NETCore.App), the other shared frameworks' runtime layers (runtime-aspnetcore, …, by name),
/// packages, prerelease-packages, project-references, the rules' own layers (in the order the rules first name them),
/// app, then the extra layers (in the order given). Every file lands in exactly one layer.
/// </remarks>
public static class LayerPlanner
{
    private static readonly LayerKind[] s_standardBelowCustom = [LayerKind.Packages, LayerKind.PrereleasePackages, LayerKind.ProjectReferences];

    /// <summary>
    /// Classifies every published file, applies the rules, adds the extra layers, checks that no two layers claim one
    /// path and that every rule matched something, and leaves out empty layers.
    /// </summary>
    public static LayerPlan Plan(LayerPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string appDirectory = ContainerPaths.NormalizeDirectory(request.AppDirectory, "the app (ContainerWorkingDirectory)");
        List<(LayerRule Rule, Glob Glob)> rules = CompileRules(request.Rules);
        List<LayerSlot> layers = CreateLayers(RuntimeLayerNames(request, rules), rules, request.ExtraLayers);
        Dictionary<string, LayerSlot> layersByName = layers.ToDictionary(layer => layer.Name, StringComparer.Ordinal);

        var takenBy = new int[rules.Count];
        var matchedBy = new int[rules.Count];
        // The same file listed twice for the same path (a Content item that a glob also includes) is one file, as the
        // SDK's publish copies it once; two different files for one path stay a collision.
        var seen = new HashSet<(string RelativePath, string SourcePath)>();
        foreach (PublishedFile file in request.PublishedFiles)
        {
            string relativePath = ContainerPaths.NormalizeRelative(file.RelativePath, file.SourcePath);
            if (!seen.Add((relativePath, Path.GetFullPath(file.SourcePath))))
            {
                continue;
            }

            if (!File.Exists(file.SourcePath))
            {
                throw new ContainerizeException(
                    ErrorCodes.PublishedFileMissing,
                    $"The published file '{file.SourcePath}' (for '{relativePath}') does not exist.",
                    "Publish again, and do not clean or change the publish output while the image is built.");
            }

            LayerKind kind = PublishedFileClassifier.Classify(file, request.RuntimePackIds);
            string layerName = kind == LayerKind.Runtime ? LayerNames.ForRuntimePack(file.NuGetPackageId!) : LayerNames.Of(kind);
            int winner = -1;
            for (int index = 0; index < rules.Count; index++)
            {
                if (rules[index].Glob.IsMatch(relativePath))
                {
                    matchedBy[index]++;
                    winner = winner < 0 ? index : winner;
                }
            }

            if (winner >= 0)
            {
                takenBy[winner]++;
                layerName = rules[winner].Rule.LayerName;
            }

            layersByName[layerName].Entries.Add(new LayerEntry
            {
                ContainerPath = ContainerPaths.Combine(appDirectory, relativePath),
                SourcePath = file.SourcePath,
                Mode = FileModes.ForFile(file.SourcePath),
            });
        }

        ThrowIfARuleTookNothing(rules, takenBy, matchedBy);
        foreach (ExtraLayerSource extra in request.ExtraLayers)
        {
            layersByName[extra.LayerName].Entries.AddRange(ExtraLayerReader.Read(extra));
        }

        var claims = new LayerPathClaims();
        var planned = new List<PlannedLayer>();
        foreach (LayerSlot layer in layers)
        {
            layer.Entries.ForEach(entry => claims.Add(layer.Name, entry));
            if (layer.Entries.Count > 0)
            {
                layer.Entries.Sort((left, right) => string.CompareOrdinal(left.ContainerPath, right.ContainerPath));
                planned.Add(new PlannedLayer { Name = layer.Name, Kind = layer.Kind, Entries = layer.Entries });
            }
        }

        return new LayerPlan(planned);
    }

    private static List<(LayerRule Rule, Glob Glob)> CompileRules(IReadOnlyList<LayerRule> rules)
    {
        var compiled = new List<(LayerRule, Glob)>(rules.Count);
        foreach (LayerRule rule in rules)
        {
            LayerNames.Validate(rule.LayerName, $"the layer rule '{rule.Glob}'", setting: "Include");
            try
            {
                compiled.Add((rule, Glob.Parse(rule.Glob ?? string.Empty)));
            }
            catch (FormatException exception)
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidLayerRule,
                    $"The layer rule '{rule.Glob}' (layer '{rule.LayerName}') is not a valid glob: {exception.Message}.",
                    "Write a path relative to the app directory with '/' separators, '*', '?' and '**' segments, for example wwwroot/** or **/*.xml.",
                    exception);
            }
        }

        return compiled;
    }

    /// <summary>One runtime layer per shared framework in the publish output (or named by a rule): <c>runtime</c> first, then by name.</summary>
    private static IEnumerable<string> RuntimeLayerNames(LayerPlanRequest request, List<(LayerRule Rule, Glob Glob)> rules) =>
        request.PublishedFiles
            .Where(file => PublishedFileClassifier.Classify(file, request.RuntimePackIds) == LayerKind.Runtime)
            .Select(file => LayerNames.ForRuntimePack(file.NuGetPackageId!))
            .Concat(rules.Select(rule => rule.Rule.LayerName).Where(LayerNames.IsRuntimeLayer))
            .Append(LayerNames.Runtime)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name == LayerNames.Runtime ? 0 : 1)
            .ThenBy(name => name, StringComparer.Ordinal);

    /// <summary>The layers in stacking order, each still empty.</summary>
    private static List<LayerSlot> CreateLayers(IEnumerable<string> runtimeLayers, List<(LayerRule Rule, Glob Glob)> rules, IReadOnlyList<ExtraLayerSource> extras)
    {
        var layers = runtimeLayers.Select(name => new LayerSlot(name, LayerKind.Runtime)).ToList();
        foreach (LayerKind kind in s_standardBelowCustom)
        {
            layers.Add(new LayerSlot(LayerNames.Of(kind), kind));
        }

        foreach ((LayerRule rule, _) in rules)
        {
            if (LayerNames.StandardKind(rule.LayerName) is null && !layers.Exists(layer => layer.Name == rule.LayerName))
            {
                layers.Add(new LayerSlot(rule.LayerName, LayerKind.Custom));
            }
        }

        layers.Add(new LayerSlot(LayerNames.App, LayerKind.App));
        foreach (ExtraLayerSource extra in extras)
        {
            string usedBy = $"the extra layer from '{extra.SourceDirectory}'";
            LayerNames.Validate(extra.LayerName, usedBy);
            LayerSlot? existing = layers.Find(layer => layer.Name == extra.LayerName);
            if (existing is not null && existing.Kind != LayerKind.Extra)
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidLayerName,
                    $"The layer name '{extra.LayerName}' of {usedBy} is already the name of the {(existing.Kind == LayerKind.Custom ? "layer rules'" : "standard")} layer '{extra.LayerName}'.",
                    "Give the extra layer a name of its own, for example Layer=\"extras\"; extra layers with the same name share one layer.");
            }

            if (existing is null)
            {
                layers.Add(new LayerSlot(extra.LayerName, LayerKind.Extra));
            }
        }

        return layers;
    }

    private static void ThrowIfARuleTookNothing(List<(LayerRule Rule, Glob Glob)> rules, int[] takenBy, int[] matchedBy)
    {
        for (int index = 0; index < rules.Count; index++)
        {
            if (takenBy[index] > 0)
            {
                continue;
            }

            LayerRule rule = rules[index].Rule;
            string what = matchedBy[index] == 0 ? "matches no published file" : "matches only files that earlier rules already took";
            throw new ContainerizeException(
                ErrorCodes.LayerRuleMatchesNothing,
                $"The layer rule '{rule.Glob}' for layer '{rule.LayerName}' {what}.",
                "Globs match the whole path relative to the app directory, case-sensitively, with '/' separators: use wwwroot/** for a folder and **/*.json for a file type at any depth. The first matching rule wins; remove or reorder the rule.");
        }
    }

    /// <summary>A layer being filled, in stacking order.</summary>
    private sealed record LayerSlot(string Name, LayerKind Kind)
    {
        public List<LayerEntry> Entries { get; } = [];
    }
}
