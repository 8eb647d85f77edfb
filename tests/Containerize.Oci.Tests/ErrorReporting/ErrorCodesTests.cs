using System.Reflection;
using System.Text.RegularExpressions;
using Containerize.Oci.Errors;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.ErrorReporting;

/// <summary>Every code is stable, unique, in its band, and described in docs/errors.md.</summary>
public sealed class ErrorCodesTests
{
    private static readonly IReadOnlyList<(string Name, string Code)> s_codes = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (field.Name, (string)field.GetRawConstantValue()!))
        .ToArray();

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        Assert.NotEmpty(s_codes);
        Assert.All(s_codes, code => Assert.Matches(new Regex("^CTZ[1-4][0-9]{3}$"), code.Code));
        Assert.Equal(s_codes.Count, s_codes.Select(code => code.Code).Distinct().Count());
    }

    [Fact]
    public void Every_code_has_a_row_in_the_error_docs_with_its_name()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "errors.md"));

        Assert.All(s_codes, code => Assert.Matches(new Regex($@"\|\s*{code.Code}\s*\|\s*`?{code.Name}`?\s*\|"), docs));
    }
}
