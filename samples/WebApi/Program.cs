using System.CommandLine;
using System.Globalization;
using Humanizer;
using Newtonsoft.Json;
using WebApi.Core;

// `WebApi --once` prints one greeting and exits (what the tests run); without it, the app serves HTTP on 8080.
var onceOption = new Option<bool>("--once", "Print a greeting and exit.");
var root = new RootCommand("A sample web API in a layered image.") { onceOption };
var parsed = root.Parse(args);
if (parsed.ValueForOption(onceOption))
{
    Console.WriteLine(JsonConvert.SerializeObject(Describe()));
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.UseStaticFiles();
app.MapGet("/", () => Results.Text(JsonConvert.SerializeObject(Describe()), "application/json"));
app.MapGet("/greet/{name}", (string name, string? culture) =>
    Greeter.Greet(name, CultureInfo.GetCultureInfo(culture ?? "en")));
app.Run();
return 0;

static object Describe() => new
{
    greeting = Greeter.Greet("container", CultureInfo.InvariantCulture),
    uptime = TimeSpan.FromSeconds(90).Humanize(),
    content = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "content", "greetings.txt")).Trim(),
};
