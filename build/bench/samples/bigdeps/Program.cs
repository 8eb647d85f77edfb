using Microsoft.CodeAnalysis.CSharp;
using Newtonsoft.Json;

// Touches each large dependency so none of them is trimmed away in a reader's mind: the image carries all of them.
var tree = CSharpSyntaxTree.ParseText("class C { int M() => 42; }");
Console.WriteLine(JsonConvert.SerializeObject(new
{
    edit = BenchEdit.Value,
    nodes = tree.GetRoot().DescendantNodes().Count(),
    onnx = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(),
    skia = typeof(SkiaSharp.SKBitmap).Assembly.GetName().Version?.ToString(),
}));
