using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using DslCrossReg.Data;
using DslCrossReg.Examples;
using DslCrossReg.Examples.TwoViewMnist;
using TorchSharp;

var epochs = new Option<int>("--epochs") { Description = "Passes over the training split per method.", DefaultValueFactory = _ => 4 };
var seed = new Option<long>("--seed") { Description = "Seeds parameters, the split and the data order.", DefaultValueFactory = _ => 42 };
var methods = new Option<string>("--methods") { Description = "Comma-separated: " + string.Join(",", Experiment.AllMethods) + ".", DefaultValueFactory = _ => string.Join(",", Experiment.AllMethods) };
var data = new Option<string?>("--data") { Description = "A directory of MNIST IDX files (default: the embedded 10,000 digits)." };
var output = new Option<string?>("--out") { Description = "Where plots, TensorBoard event files, diagrams and the results go (default runs/<timestamp>)." };
var quick = new Option<bool>("--quick") { Description = "A few seconds: 1 epoch over 1,024 training digits (for tests)." };

var root = new RootCommand("Two networks read the two halves of each MNIST digit; each cross method is compared with the same seed and budget.")
{
    epochs, seed, methods, data, output, quick,
};
root.SetAction(parse =>
{
    bool isQuick = parse.GetValue(quick);
    var selected = parse.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var unknown = selected.Except(Experiment.AllMethods).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"Unknown method(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", Experiment.AllMethods)}.");
        return 2;
    }
    string outDirectory = parse.GetValue(output) ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
    var options = new ExperimentOptions(isQuick ? 1 : parse.GetValue(epochs), parse.GetValue(seed), selected, parse.GetValue(data), outDirectory, isQuick);
    return TwoViewMnistApp.Run(options);
});
return root.Parse(args).Invoke();
