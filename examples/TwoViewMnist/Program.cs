using System;
using System.CommandLine;
using System.Linq;
using DslCrossReg.Examples;
using DslCrossReg.Examples.TwoViewMnist;

var command = new ExampleCommand(null,
    "Two networks read the two halves of each MNIST digit; each cross method is compared with the same seed and budget.",
    defaultEpochs: 4);
var methods = new Option<string>("--methods")
{
    Description = "Comma-separated: " + string.Join(",", Experiment.AllMethods) + ".",
    DefaultValueFactory = _ => string.Join(",", Experiment.AllMethods),
};
command.Root.Add(methods);
command.Root.SetAction(parse =>
{
    var selected = parse.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var unknown = selected.Except(Experiment.AllMethods).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"Unknown method(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", Experiment.AllMethods)}.");
        return 2;
    }
    return TwoViewMnistApp.Run(command.Options(parse), selected);
});
return command.Root.Parse(args).Invoke();
