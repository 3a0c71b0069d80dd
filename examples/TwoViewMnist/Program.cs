using System;
using System.CommandLine;
using System.Linq;
using DslCrossReg.Examples;
using DslCrossReg.Examples.TwoViewMnist;

var command = new ExampleCommand(null,
    "Two networks read the two halves of each MNIST digit; each cross method is compared with the same seeds, data order and budget as its baseline.",
    defaultEpochs: null);
var methods = new Option<string>("--methods")
{
    Description = "Comma-separated: " + string.Join(",", Experiment.AllMethods) + ".",
    DefaultValueFactory = _ => string.Join(",", Experiment.AllMethods),
};
var seeds = new Option<int>("--seeds")
{
    Description = "How many seeds each row runs with, from --seed on (the table reports mean, min and max).",
    DefaultValueFactory = _ => TwoViewMnistApp.DefaultSeeds,
};
seeds.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 1) result.AddError("--seeds must be at least 1.");
});
command.Root.Add(methods);
command.Root.Add(seeds);
command.Root.SetAction(parse =>
{
    var selected = parse.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var unknown = selected.Except(Experiment.AllMethods).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"Unknown method(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", Experiment.AllMethods)}.");
        return 2;
    }
    return TwoViewMnistApp.Run(command.Options(parse), selected, parse.GetValue(seeds));
});
return command.Root.Parse(args).Invoke();
