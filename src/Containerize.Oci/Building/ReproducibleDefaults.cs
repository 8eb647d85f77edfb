namespace Containerize.Oci.Building;

/// <summary>The fixed values that make a build reproducible when the user gives none.</summary>
public static class ReproducibleDefaults
{
    /// <summary>
    /// The timestamp when SOURCE_DATE_EPOCH is not set. Not the Unix epoch: tools show "56 years ago" for it and some
    /// treat 0 as "unset"; a fixed, recognisable date keeps digests stable and reads sensibly.
    /// </summary>
    public static readonly DateTimeOffset Timestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads SOURCE_DATE_EPOCH (seconds since 1970, UTC); null when absent or blank.</summary>
    public static DateTimeOffset? ParseSourceDateEpoch(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string text = value.Trim();
        bool digits = text.All(char.IsAsciiDigit);
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long seconds)
            || seconds > 253402300799)
        {
            throw new Errors.ContainerizeException(
                Errors.ErrorCodes.InvalidSourceDateEpoch,
                digits
                    ? $"SOURCE_DATE_EPOCH '{value}' is a time after 9999-12-31T23:59:59Z, the last one an image can record."
                    : $"SOURCE_DATE_EPOCH '{value}' is not a whole number of seconds since 1970-01-01.",
                digits
                    ? "It is probably in milliseconds or made up: set it to the commit time in seconds, for example SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it."
                    : "Set it to the commit time, for example SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it.");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
