namespace Containerize.Oci.Planning;

/// <summary>Turns the publish output and the user's rules into the ordered layers of the image.</summary>
public static class LayerPlanner
{
    /// <summary>
    /// Classifies every published file, applies the rules, adds the extra layers, checks that no two layers claim one
    /// path and that every rule matched something, and leaves out empty layers.
    /// </summary>
    public static LayerPlan Plan(LayerPlanRequest request) => throw new NotImplementedException();
}
