using System.Globalization;
using System.Resources;

namespace WebApi.Core;

/// <summary>Greets in the caller's culture, from resources (the neutral ones and a French satellite assembly).</summary>
public static class Greeter
{
    private static readonly ResourceManager s_resources = new("WebApi.Core.Resources.Strings", typeof(Greeter).Assembly);

    public static string Greet(string name, CultureInfo culture) =>
        string.Format(culture, s_resources.GetString("Greeting", culture) ?? "Hello, {0}!", name);
}
