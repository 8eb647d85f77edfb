using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Containerize.Oci.Model;

/// <summary>
/// Makes every string-keyed dictionary serialize in ordinal key order, so annotations, labels and exposed ports give
/// the same bytes whatever order they were added in.
/// </summary>
internal sealed class SortedDictionaryKeysResolver : DefaultJsonTypeInfoResolver
{
    public override JsonTypeInfo GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        JsonTypeInfo info = base.GetTypeInfo(type, options);
        foreach (JsonPropertyInfo property in info.Properties)
        {
            // Extension data is read by adding to the dictionary the getter returns, so it must stay the live object.
            if (!property.IsExtensionData && IsStringKeyedDictionary(property.PropertyType) && property.Get is { } getter)
            {
                Type valueType = property.PropertyType.GetInterfaces()
                    .Concat([property.PropertyType])
                    .First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
                    .GetGenericArguments()[1];
                property.Get = obj => Sort(getter(obj), valueType);
            }
        }

        return info;
    }

    private static bool IsStringKeyedDictionary(Type type) =>
        type.GetInterfaces().Concat([type]).Any(i =>
            i.IsGenericType
            && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
            && i.GetGenericArguments()[0] == typeof(string));

    private static object? Sort(object? value, Type valueType)
    {
        if (value is null)
        {
            return null;
        }

        Type sortedType = typeof(SortedDictionary<,>).MakeGenericType(typeof(string), valueType);
        var sorted = (System.Collections.IDictionary)Activator.CreateInstance(sortedType, StringComparer.Ordinal)!;
        foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)ToDictionary(value))
        {
            sorted[entry.Key] = entry.Value;
        }

        return sorted;
    }

    private static object ToDictionary(object value) =>
        value as System.Collections.IDictionary ?? throw new JsonException($"Cannot sort the keys of a {value.GetType().Name}.");
}
