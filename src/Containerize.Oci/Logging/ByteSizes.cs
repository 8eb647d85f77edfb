using System.Globalization;

namespace Containerize.Oci.Logging;

/// <summary>Sizes for people: binary units with one decimal (<c>45.3 KiB</c>, <c>34.9 MiB</c>), the same in every log line and table.</summary>
public static class ByteSizes
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
